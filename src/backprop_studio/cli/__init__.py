"""The ``backprop-studio`` command: ``backprop-studio [FILE]`` opens the app; verbs
(``eval``, ``check``, ...) work on files without a window.

Each verb lives in its own module of this package, exposing ``register(subparsers)`` which adds
its parser and sets ``func`` (returning the exit status). Bad input exits with status 2 and one
clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
from collections.abc import Sequence

import numpy as np

from .. import __version__
from ..core.model.errors import MAX_MESSAGE, MAX_PATH, BackpropError, FileFormatError, one_line

# verb modules, in the order the help lists them
VERB_MODULES = ["eval_cmd", "check_cmd", "train_cmd", "solve_cmd", "desktop_cmd", "export_cmd"]


@functools.cache
def _verb_parser() -> argparse.ArgumentParser:
    """The parser of every verb (built once: each verb module adds its own)."""
    parser = argparse.ArgumentParser(
        prog="backprop-studio",
        description="Draw a computation graph and watch back-propagation happen on it. "
        "Run without a verb to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in VERB_MODULES:
        importlib.import_module(f"{__package__}.{name}").register(sub)
    return parser


def verbs() -> list[str]:
    return list(_verb_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _verb_parser()
    if (
        not args_list
        or args_list[0] not in verbs()
        and args_list[0] not in ("-h", "--help", "--version")
    ):
        return _launch_app(args_list)
    args = parser.parse_args(args_list)
    if args.verb is None:
        parser.print_help()
        return 0
    try:
        # an overflow is reported by the verb itself (null and "warnings" in eval --json,
        # notes in train), not by numpy's RuntimeWarning text on stderr
        with np.errstate(all="ignore"):
            return int(args.func(args) or 0)
    except BackpropError as exc:
        print(f"backprop-studio {args.verb}: {_error_line(args, exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"backprop-studio {args.verb}: interrupted", file=sys.stderr)
        return 130


def _error_line(args: argparse.Namespace, exc: BackpropError) -> str:
    """One short line, naming the verb's file when the error does not name a file already."""
    text = str(exc)
    name = getattr(args, "file", None)
    named = isinstance(exc, FileFormatError) or not isinstance(name, str) or text.startswith(name)
    if not named:
        text = f"{one_line(name, MAX_PATH)}: {text}"
    return one_line(text, 2 * MAX_MESSAGE)


def _launch_app(args_list: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="backprop-studio", description="Open the app.")
    parser.add_argument("files", nargs="*", help=".bpgraph file(s) to open")
    args = parser.parse_args(args_list)
    from ..ui.shell.app import run_app

    return run_app(args.files)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
