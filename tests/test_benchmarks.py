"""Every benchmark script runs at its smoke size (they are not timed tests)."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
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


def _load_script(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_llp_prior_selection_picks_the_lower_loss_and_applies_the_rule(tmp_path):
    sel = _load_script("llp_prior_selection")
    paper, fade = sel.VARIANTS
    rows = []
    # (dataset, bag, variant, train loss, test AUC, three CV losses)
    for name, bag, variant, train, auc, cv in [
        ("A", 16, paper, 0.02, 0.95, (0.01, 0.02, 0.03)),   # paper: lower losses, better
        ("A", 16, fade, 0.03, 0.93, (0.03, 0.03, 0.03)),
        ("B", 64, paper, 0.30, 0.90, (0.3, 0.3, 0.3)),      # paper better, higher losses
        ("B", 64, fade, 0.10, 0.85, (0.1, 0.1, 0.1)),
        ("C", 8, paper, 0.01, 0.70, (0.2,)),                # CV incomplete: no CV pick
        ("C", 8, fade, 0.02, 0.80, (0.1,)),
    ]:
        rows.append([name, bag, variant, "all", 10, train, auc, 1.0])
        rows += [[name, bag, variant, str(k), 7, loss, "", 1.0] for k, loss in enumerate(cv)]
    path = tmp_path / "sel.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in [sel.FIELDS, *rows]) + "\n")
    frame = sel.table(path).set_index("dataset")
    assert list(frame["cv pick"]) == ["none", "fade", ""]
    assert list(frame["train pick"]) == ["none", "fade", "none"]
    np.testing.assert_allclose(frame.loc["A", "cv loss none"], 0.02)
    np.testing.assert_allclose(frame["train regret"], [0.0, 0.05, 0.10])
    text = sel.verdict(frame.reset_index())
    # cv: A regret 0, B regret 0.05 > 0.01 -> fails; mean selected 0.90 vs default 0.89
    assert "cv: 2 cases, worst regret 0.050" in text
    assert "selected 0.900 / default 0.890" in text
    assert text.count("does not work") == 2
    assert sel.rst_table(frame.reset_index()).count("=====") >= 3
