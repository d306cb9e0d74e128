"""The ``backprop-studio`` command: ``backprop-studio [FILE]`` opens the app; verbs
(``eval``, ``check``, ...) work on files without a window.

Each verb lives in its own module of this package, exposing ``register(subparsers)`` which adds
its parser and sets ``func`` (returning the exit status). Bad input exits with status 2 and one
clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..core.model.errors import MAX_MESSAGE, MAX_PATH, BackpropError, FileFormatError, one_line

# verb -> its module, in the order the help lists them. Only the module of the verb given is
# imported (numpy, networkx and the engine are imported by the verbs that need them).
VERBS = {
    "new": "new_cmd",
    "eval": "eval_cmd",
    "check": "check_cmd",
    "train": "train_cmd",
    "solve": "solve_cmd",
    "install-desktop": "desktop_cmd",
    "export": "export_cmd",
}
VERB_MODULES = list(VERBS.values())


@functools.cache
def _verb_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every verb, or with verb ``only`` alone (one module imported)."""
    parser = argparse.ArgumentParser(
        prog="backprop-studio",
        description="Draw a computation graph and watch back-propagation happen on it. "
        "Run without a verb to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb, name in VERBS.items():
        if only is None or verb == only:
            importlib.import_module(f"{__package__}.{name}").register(sub)
    return parser


def verbs() -> list[str]:
    return list(VERBS)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if (
        not args_list
        or args_list[0] not in VERBS
        and args_list[0] not in ("-h", "--help", "--version")
    ):
        return _launch_app(args_list)
    parser = _verb_parser(args_list[0] if args_list[0] in VERBS else None)
    args = parser.parse_args(args_list)
    if args.verb is None:
        parser.print_help()
        return 0
    try:
        with _numbers_quiet(args):
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


def _numbers_quiet(args: argparse.Namespace) -> contextlib.AbstractContextManager:
    """An overflow is reported by the verb itself (null and "warnings" in eval --json, notes
    in train), not by numpy's RuntimeWarning text on stderr. A verb that imports numpy only
    when it needs it (``quiet_numbers`` in its defaults: eval) silences it itself."""
    if getattr(args, "quiet_numbers", False):
        return contextlib.nullcontext()
    import numpy as np  # here, not at import: a verb that needs no numpy starts faster

    return np.errstate(all="ignore")


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
