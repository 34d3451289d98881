"""Benchmark: CPU milliseconds per certificate PDF, for comparing checkouts on a busy machine.

    .venv/bin/python scripts/bench/bench_certificate_cpu.py [checkout root, default this one]

Renders 120 award certificates (bench_certificates' distinct items) in 4 batches of 30 after
a warm-up and prints the median CPU time per PDF (``time.process_time``: on a shared machine
wall time mostly measures the wait for a core) with the spread and the load average.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    """Render the batches and print one line."""
    root = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2])
    sys.path.insert(0, root + "/scripts/bench")
    sys.path.insert(0, root)
    import bench_certificates

    from app.documents.certificates import prepare_renderer, render_certificate

    prepare_renderer()
    items = bench_certificates.items(121)
    render_certificate(items[0])
    per = []
    for k in range(4):
        start = time.process_time()
        for item in items[1 + 30 * k: 31 + 30 * k]:
            render_certificate(item)
        per.append((time.process_time() - start) / 30 * 1000)
    print(f"{root}: CPU ms per PDF median {statistics.median(per):.1f} "
          f"({min(per):.1f}–{max(per):.1f}), load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
