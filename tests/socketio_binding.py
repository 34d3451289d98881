"""Old path of tests/fixtures/socketio_binding.py: the very same module, for existing imports."""

import sys

from tests.fixtures import socketio_binding as _moved

sys.modules[__name__] = _moved
