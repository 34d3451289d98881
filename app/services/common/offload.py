"""Run pure CPU work off the gevent hub: in a native worker thread, the caller's greenlet waits.

Under gevent (the production server) a standings evaluation of a large project is hundreds of
milliseconds of pure Python; run on the hub it would stall every request and socket of the
process for that long. ``offload`` runs it in gevent's native thread pool instead: the caller's
greenlet waits while the hub keeps serving (the interpreter hands the GIL back and forth every
few milliseconds, so judges' requests are answered during the evaluation). Without gevent
(threading mode, tests, the CLI) it simply calls the function. Documents (PDFs, workbooks) and
uploaded sheets are rendered and parsed the same way. Only pure functions may be offloaded: no
database session and no gevent locks in the worker thread. The worker runs in a copy of the
caller's context, so a translatable label made for the caller's request (a lazy string) reads
in the caller's language there; the caller waits, so nothing else uses that context meanwhile.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _gevent_hub() -> Any:
    """Return the gevent hub when the process runs under gevent (threading patched), else None."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return None
    import gevent

    return gevent.get_hub()


def offload(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Return ``fn(*args, **kwargs)``, computed in a native thread when under gevent."""
    hub = _gevent_hub()
    if hub is None:
        return fn(*args, **kwargs)
    return hub.threadpool.apply(contextvars.copy_context().run, (fn, *args), kwargs)
