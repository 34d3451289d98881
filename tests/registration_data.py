"""Old path of tests/fixtures/registration_data.py: the very same module, for existing imports."""

import sys

from tests.fixtures import registration_data as _moved

sys.modules[__name__] = _moved
