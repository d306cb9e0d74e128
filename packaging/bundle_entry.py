"""Entry point of the PyInstaller bundle: behaves exactly like the ``backprop-studio`` command
(no arguments or files: the app; a verb such as ``eval`` or ``install-desktop``: the CLI)."""

import multiprocessing
import sys

from backprop_studio.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
