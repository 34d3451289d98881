"""Old path of tests/fixtures/factories.py: the very same module, for existing imports."""

import sys

from tests.fixtures import factories as _moved

sys.modules[__name__] = _moved
