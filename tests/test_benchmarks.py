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
    # calibration-blind criteria: recal lower picks, rank higher picks, ties
    # go to the default (fading prior)
    crit = tmp_path / "crit.csv"
    crit.write_text("\n".join(",".join(map(str, r)) for r in [
        sel.CRITERIA_FIELDS,
        ["A", 16, paper, 0.05, 0.7], ["A", 16, fade, 0.04, 0.7],   # recal fade, rank tie
        ["B", 64, paper, 0.01, 0.9], ["B", 64, fade, 0.02, 0.8],   # both pick paper
    ]) + "\n")
    frame = sel.table(path, crit).set_index("dataset")
    assert list(frame["recal pick"]) == ["fade", "none", ""]
    assert list(frame["rank pick"]) == ["fade", "none", ""]
    np.testing.assert_allclose(frame["rank regret"].iloc[:2], [0.02, 0.0])
    text = sel.verdict(frame.reset_index())
    assert "recal: 2 cases, worst regret 0.020" in text
    assert "rank: 2 cases, worst regret 0.020, mean AUC selected 0.915 / default 0.890" in text
    rst = sel.rst_table(frame.reset_index(), ("recal", "rank"))
    assert "0.700" in rst and "-0.700" not in rst  # rank shows the correlation itself


def test_llp_prior_selection_recalibrated_error_by_hand():
    sel = _load_script("llp_prior_selection")
    # three training bags of 4 whose mean probabilities already equal their
    # proportions (1/4, 3/4, 2/4): the best map is the identity (a=1, b=0), so
    # the held-out bag (all 0.9, proportion 1/2) keeps its error |0.5 - 0.9|
    proba = np.array([.1, .2, .3, .4, .6, .7, .8, .9, .5, .5, .4, .6, .9, .9, .9, .9])
    props = np.repeat([0.25, 0.75, 0.5, 0.5], 4)
    bags = np.repeat([0, 1, 2, 3], 4)
    held_out = bags == 3
    a, b = sel.fit_recalibration(proba[~held_out], props[~held_out], bags[~held_out])
    np.testing.assert_allclose([a, b], [1.0, 0.0], atol=1e-4)
    np.testing.assert_allclose(sel.recalibrated_bag_error(proba, props, bags, held_out),
                               0.4, atol=1e-4)
    # blind to calibration: distorting p by sigmoid(2 logit p + 0.3) is undone
    # by the fitted map (a=1/2, b=-0.15) and leaves the error unchanged
    z = np.log(proba / (1 - proba))
    distorted = 1 / (1 + np.exp(-(2 * z + 0.3)))
    a, b = sel.fit_recalibration(distorted[~held_out], props[~held_out], bags[~held_out])
    np.testing.assert_allclose([a, b], [0.5, -0.15], atol=1e-3)
    np.testing.assert_allclose(
        sel.recalibrated_bag_error(distorted, props, bags, held_out), 0.4, atol=1e-4)
    # the inputs are not modified
    np.testing.assert_array_equal(props, np.repeat([0.25, 0.75, 0.5, 0.5], 4))


def test_llp_prior_selection_pooled_rank_correlation_by_hand():
    sel = _load_script("llp_prior_selection")
    # fold 0 holds out bags 0 and 1, fold 1 bags 2 and 3 (bags of 2 rows);
    # held-out bag means 0.1, 0.4 | 0.3, 0.8 against proportions 0, .5 | .5, 1:
    # proportion ranks 1, 2.5, 2.5, 4 (tie averaged), mean ranks 1, 3, 2, 4
    bags = np.repeat([0, 1, 2, 3], 2)
    props = np.repeat([0.0, 0.5, 0.5, 1.0], 2)
    # rows of the bags a fold trains on get 0.5 (ignored by the criterion)
    fold0 = (np.array([.1, .1, .3, .5, .5, .5, .5, .5]), props, bags, bags < 2)
    fold1 = (np.array([.5, .5, .5, .5, .2, .4, .7, .9]), props, bags, bags >= 2)
    rx, ry = np.array([1, 3, 2, 4.0]), np.array([1, 2.5, 2.5, 4])
    expected = np.corrcoef(rx, ry)[0, 1]  # Pearson of the ranks = Spearman
    assert np.isclose(sel.pooled_rank_correlation([fold0, fold1]), expected)
    assert np.isclose(expected, 4.5 / np.sqrt(5 * 4.5))  # centred ranks
    # a constant prediction has no correlation and is never picked
    flat = (np.full(8, 0.3), props, bags, bags < 2)
    assert sel.pooled_rank_correlation([flat, (flat[0], props, bags, bags >= 2)]) == -np.inf
