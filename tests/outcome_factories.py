"""Old path of tests/fixtures/outcome_factories.py: the very same module, for existing imports."""

import sys

from tests.fixtures import outcome_factories as _moved

sys.modules[__name__] = _moved
