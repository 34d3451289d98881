"""Old path of tests/fixtures/board_setup.py: the very same module, for existing imports."""

import sys

from tests.fixtures import board_setup as _moved

sys.modules[__name__] = _moved
