"""``python -m ev_compendium`` entry point (see :mod:`ev_compendium.cli`)."""

import sys

from .cli import main

sys.exit(main())
