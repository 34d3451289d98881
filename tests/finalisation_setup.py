"""Old path of tests/fixtures/finalisation_setup.py: the very same module, for existing imports."""

import sys

from tests.fixtures import finalisation_setup as _moved

sys.modules[__name__] = _moved
