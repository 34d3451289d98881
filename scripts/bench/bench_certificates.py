"""Benchmark: render 10,000 certificate PDFs into a zip, one process vs a pool of two.

    .venv/bin/python scripts/bench/bench_certificates.py [--count 10000] [--workers 1 2]

Renders award certificates with distinct names, serials and verification URLs (each QR
differs) through the same `build_zip` the batch command uses, and prints certificates per
second for each worker count. No database: loading 10,000 rows takes well under a second
next to the rendering.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def items(count: int) -> list:
    """Return `count` distinct certificates."""
    from app.documents.certificates import CertificateData

    kinds = ("AWARD", "PROMOTION", "PARTICIPATION")
    return [CertificateData(
        kind=kinds[i % 3], serial=f"JX2026-{i // 500:04d}-A{i:05d}",
        name=SURNAMES[i % 20] + GIVEN[(i // 20) % 20] + GIVEN[(i // 400) % 20],
        competition="2026年天津市职业技能大赛", project="电工（职工组）", occupation="电工",
        group="职工组", organizer="天津市人力资源和社会保障局", issued_on=date(2026, 6, 12),
        verify_url=f"https://jx.example/verify/{'x' * 150}{i:06d}", rank=i % 50 + 1,
        award="一等奖", titles=("天津市技术能手（可申报）",) if i % 10 == 0 else (),
        grade_before="高级工", grade_after="技师",
        certificate_no=f"S1301130000012620{i % 100000:05d}", approved_on=date(2026, 6, 20))
        for i in range(count)]


def main() -> int:
    """Time each worker count and print one line per run."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    from app.documents.fonts import cjk_font, is_embedded
    from app.services.certification.certificate_batches import build_zip

    font = cjk_font("serif")
    data = items(args.count)
    print(f"cpus={os.cpu_count()} count={args.count} font={font} embedded={is_embedded(font)}")
    with tempfile.TemporaryDirectory() as folder:
        for workers in args.workers:
            target = Path(folder) / f"bench-{workers}.zip"
            before = os.times()
            start = time.perf_counter()
            build_zip(data, target, workers=workers)
            seconds = time.perf_counter() - start
            after = os.times()
            # CPU of this process and its (joined) workers: tells the machine's load apart.
            cpu = sum(after[i] - before[i] for i in range(4))
            size = target.stat().st_size / 1e6
            print(f"workers={workers} seconds={seconds:.1f} per_second={args.count / seconds:.1f} "
                  f"cpu_seconds={cpu:.1f} cpu_ms_each={1000 * cpu / args.count:.1f} "
                  f"zip_mb={size:.0f} load={os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
