"""Every benchmark script runs at its smoke size (they are not timed tests)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = sorted(BENCH_DIR.glob("bench_*.py"))
# scripts that report each case on stderr as it ends (benchmarks/_common.py)
PER_CASE_PROGRESS = {"bench_cluster", "bench_metrics", "bench_nb", "bench_presto",
                     "bench_smote"}


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_benchmark_smoke(script):
    proc = subprocess.run(
        [sys.executable, str(script), "--size", "smoke"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "ratio" in proc.stdout.lower(), "a benchmark prints a table with the ratio"
    if script.stem in PER_CASE_PROGRESS:
        # one line per case with its time on stderr; the table alone on stdout
        done = re.findall(r"^  done: .+ \(\d+\.\d s(, CPU \d+\.\d s)?\)$", proc.stderr, re.M)
        assert len(done) >= 2, proc.stderr[-3000:]
        assert "done:" not in proc.stdout
