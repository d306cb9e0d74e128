"""``python -m backprop_studio``: the same as the ``backprop-studio`` command."""

import sys

from .cli import main

sys.exit(main())
