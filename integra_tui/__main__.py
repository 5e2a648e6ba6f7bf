"""``python -m integra_tui``: the same as the integra-tui command."""

import sys

from integra_tui.cli import main

sys.exit(main())
