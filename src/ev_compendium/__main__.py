"""``python -m ev_compendium`` entry point (see :mod:`ev_compendium.cli`)."""

import os
import sys

try:
    from .cli import main

    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # output piped into `head` and cut short: not an error of ours
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
except KeyboardInterrupt:  # Ctrl-C while the modules load, before main() handles it
    print("interrupted", file=sys.stderr)
    code = 130
sys.exit(code)
