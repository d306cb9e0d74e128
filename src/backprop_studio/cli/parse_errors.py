"""One-line argument errors for a verb's parser (argparse prints usage and error otherwise)."""

from __future__ import annotations

import argparse
from typing import NoReturn


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Make ``parser`` report a bad option as one line on stderr and exit with status 2."""

    def error(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: {message} (see {parser.prog} --help)\n")

    parser.error = error  # type: ignore[method-assign]
