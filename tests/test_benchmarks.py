"""Every benchmark script runs at its smoke size (they are not timed tests)."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = sorted(BENCH_DIR.glob("bench_*.py"))


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
