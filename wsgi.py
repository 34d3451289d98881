"""WSGI entry point: `gunicorn wsgi:app`, or `python wsgi.py` for the dev server."""

import gc
import os
import sys

from app import create_app
from app.extensions import socketio

app = create_app()

if os.environ.get("JX_GC_TUNE", "1") != "0":
    # One process serves every socket: a full collection over a live server's objects froze
    # all of them for up to ~230 ms (docs/BENCHMARKS.md). Keep the app's own objects (loaded
    # once) out of the collector, and collect the young ones less often.
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)

DEV_WARNING = """
************************************************************************
*  WARNING: Jiangxin is serving with a DEVELOPMENT configuration.      *
*  The Werkzeug server, in-process Socket.IO and no production checks. *
*  For real contests: JX_CONFIG=production, SECRET_KEY, DATABASE_URL,  *
*  gunicorn behind nginx (docs/DEPLOY.md).                             *
************************************************************************
"""


def warn_if_development() -> bool:
    """Print a loud banner on stderr unless the production config is loaded."""
    if app.config.get("JX_PRODUCTION"):
        return False
    print(DEV_WARNING, file=sys.stderr, flush=True)
    return True


if __name__ == "__main__":
    warn_if_development()
    socketio.run(
        app,
        host=os.environ.get("JX_HOST", "127.0.0.1"),
        port=int(os.environ.get("JX_PORT", "5000")),
        allow_unsafe_werkzeug=True,
    )
