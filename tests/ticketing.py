"""Old path of tests/fixtures/ticketing.py: the very same module, for existing imports."""

import sys

from tests.fixtures import ticketing as _moved

sys.modules[__name__] = _moved
