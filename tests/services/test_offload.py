"""Pure CPU work leaves the gevent hub: it runs in a native thread, errors come back."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_without_gevent_the_function_runs_in_the_caller():
    from app.services.common.offload import offload

    assert offload(lambda a, *, b: (a + b, threading.get_ident()), 1, b=2) == (
        3, threading.get_ident())


def test_under_gevent_the_work_runs_in_a_native_thread_while_the_hub_serves():
    script = textwrap.dedent("""
        from gevent import monkey
        monkey.patch_all()
        import gevent
        from gevent.event import Event
        real_ident = monkey.get_original("_thread", "get_ident")
        from app.services.common.offload import offload

        ticks = []
        stop = Event()

        def ticker():
            while not stop.is_set():
                ticks.append(1)
                gevent.sleep(0)

        def work(n):
            # Busy until the hub has served the ticker: impossible if run on the hub itself.
            spins = 0
            while not ticks and spins < 50_000_000:
                spins += 1
            return real_ident(), bool(ticks)

        def boom():
            raise ValueError("no")

        gevent.spawn(ticker)
        ident, served = offload(work, 1)
        stop.set()
        assert ident != real_ident(), "ran on the hub's thread"
        assert served, "the hub served nothing while the work ran"
        try:
            offload(boom)
        except ValueError as error:
            assert str(error) == "no"
        else:
            raise AssertionError("the error was lost")
        print("OK")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip().endswith("OK"), done.stderr


def test_under_gevent_a_document_is_rendered_off_the_hub_with_the_callers_language():
    script = textwrap.dedent("""
        from gevent import monkey
        monkey.patch_all()
        real_ident = monkey.get_original("_thread", "get_ident")
        from flask_babel import lazy_gettext
        from app import create_app
        from app.config import TestConfig
        from app.documents.workbooks import rows_xlsx
        from app.services.common.offload import offload
        import io, openpyxl

        app = create_app(TestConfig)
        seen = []

        def render(*args, **kwargs):
            seen.append(real_ident())
            return rows_xlsx(*args, **kwargs)

        with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
            label = lazy_gettext("Full name")  # evaluated only when the cell is written
            data = offload(render, "sheet", ["h"], [[label]])
        assert seen and seen[0] != real_ident(), "rendered on the hub's thread"
        cell = openpyxl.load_workbook(io.BytesIO(data)).active.cell(2, 1).value
        assert cell == "姓名", cell
        print("OK")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip().endswith("OK"), done.stderr
