"""``python -m engage.analysis``: see :mod:`engage.analysis.cli`."""

import sys

from engage.analysis.cli import main

sys.exit(main())
