"""The iLA-SDP experiment: the spread over starts, the claim columns and the
paired comparison, on tiny results frames computed by hand."""

import numpy as np
import pandas as pd
import pytest

from skpapers.experiments import ilasdp as experiment


def _frame(rows):
    """Results rows ``(config, setting, seed, start, start_seed, error)``."""
    frame = pd.DataFrame(rows, columns=["config", "setting", "seed", "start",
                                        "start_seed", "error"])
    frame["time_s"] = 0.0
    return frame


def _random(config, setting, seed, errors):
    return [(config, setting, seed, "random", i, e) for i, e in enumerate(errors)]


def test_spread_over_starts_by_hand():
    rows = (_random("a", "s", 0, [0.1, 0.2, 0.3, 0.4])
            + _random("a", "s", 1, [0.0, 0.0, 0.0, 0.4])
            + _random("b", "s", 0, [0.5, 0.5, 0.5, 0.5])
            + [("a", "s", 0, "k-means++", 0, 0.9), ("a", "s", 1, "k-means++", 0, 0.0)])
    spread = experiment.spread_over_starts(_frame(rows))
    # seed 0: mean 0.25, squared deviations .0225 .0025 .0025 .0225 -> sqrt(.0125);
    # seed 1: mean 0.1, squared deviations .01 .01 .01 .09 -> sqrt(.03);
    # population sd (ddof=0); the k-means start is not a random start
    assert spread[("a", "s")] == pytest.approx((np.sqrt(0.0125) + np.sqrt(0.03)) / 2)
    assert spread[("b", "s")] == 0.0
    assert experiment.spread_over_starts(_frame(rows), start="k-means++")[("a", "s")] == 0.0


# Two settings x two data seeds; "a" is an ILASDP configuration.
#   k-means start   s1: a .1 .2   KMeans .2 .2   SDPKMeans .3 .3   EM .2 .3
#                   s2: a .3 .3   KMeans .2 .2   SDPKMeans .4 .4   EM .25 .35
#   random starts   s1: a (.1 .3) (.2 .2)   EM (0 .4) (.1 .3)
#                   s2: a (0 .4) (.1 .1)    EM (.2 .2) (.1 .3)
KMEANS_ERRORS = {
    "a": {"s1": [0.1, 0.2], "s2": [0.3, 0.3]},
    "KMeans": {"s1": [0.2, 0.2], "s2": [0.2, 0.2]},
    "SDPKMeans": {"s1": [0.3, 0.3], "s2": [0.4, 0.4]},
    "EM": {"s1": [0.2, 0.3], "s2": [0.25, 0.35]},
}
RANDOM_ERRORS = {
    "a": {"s1": [[0.1, 0.3], [0.2, 0.2]], "s2": [[0.0, 0.4], [0.1, 0.1]]},
    "EM": {"s1": [[0.0, 0.4], [0.1, 0.3]], "s2": [[0.2, 0.2], [0.1, 0.3]]},
}


@pytest.fixture
def tiny_results():
    rows = []
    for config, by_setting in KMEANS_ERRORS.items():
        for setting, errors in by_setting.items():
            rows += [(config, setting, seed, "k-means++", 0, e)
                     for seed, e in enumerate(errors)]
    for config, by_setting in RANDOM_ERRORS.items():
        for setting, per_seed in by_setting.items():
            for seed, errors in enumerate(per_seed):
                rows += _random(config, setting, seed, errors)
    return _frame(rows)


def test_claims_table_by_hand(tiny_results):
    table = experiment.claims_table(tiny_results)
    a = table.loc["a"]
    np.testing.assert_allclose(a["err_k-means++"], [0.15, 0.3, 0.225])
    np.testing.assert_allclose(a["err_random"], [0.2, 0.15, 0.175])
    # spreads: s1 (.1 + 0) / 2, s2 (.2 + 0) / 2; EM: s1 (.2 + .1) / 2, s2 (0 + .1) / 2
    np.testing.assert_allclose(a["spread_random"], [0.05, 0.1, 0.075])
    np.testing.assert_allclose(table.loc["EM", "spread_random"], [0.15, 0.05, 0.1])
    # claim 1: below the best rival (s1: K-means .2; s2: K-means .2; all: .2)
    assert a["claim1"].tolist() == [True, False, False]
    # claim 2: below EM's spread (.15, .05, .1)
    assert a["claim2"].tolist() == [True, False, True]
    assert not table.loc[list(experiment.RIVALS), ["claim1", "claim2"]].any(axis=None)
    assert list(a.index) == ["s1", "s2", "all settings"]
    # our configurations first, then the rivals
    assert list(dict.fromkeys(table.index.get_level_values(0))) == [
        "a", "KMeans", "SDPKMeans", "EM"]


def test_paired_interval_is_nan_with_one_data_set_per_setting(tiny_results):
    """--quick runs one data set per setting: a bootstrap within settings has
    nothing to resample, so no interval (it used to print the point as one)."""
    one_seed = tiny_results[tiny_results["seed"] == 0]
    row = experiment.paired_comparison(one_seed).loc[("a", "1: error", "KMeans")]
    assert row["n"] == 2 and np.isfinite(row["mean_diff"])
    assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"]) and not row["holds"]


def test_paired_comparison_by_hand(tiny_results):
    table = experiment.paired_comparison(tiny_results).loc["a"]
    assert list(table.index) == [("1: error", "KMeans"), ("1: error", "SDPKMeans"),
                                 ("1: error", "EM"), ("2: spread", "EM")]
    # a - KMeans per data set: s1 -.1, 0; s2 .1, .1
    row = table.loc[("1: error", "KMeans")]
    assert (row["wins"], row["ties"], row["losses"], row["n"]) == (1, 1, 2, 4)
    assert row["mean_diff"] == pytest.approx(0.025)
    assert row["p_sign"] == pytest.approx(1.0)  # 1 win of 3: P(X <= 1) + P(X >= 2)
    # resampling within settings: s2's sum is always .2, s1's is -.2, -.1 or 0
    # (probabilities 1/4, 1/2, 1/4): the mean is 0, .025 or .05
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.0, 0.05))
    assert not row["holds"]
    # a - SDPKMeans: -.2, -.1, -.1, -.1: four wins, sign test p = 2 / 16
    row = table.loc[("1: error", "SDPKMeans")]
    assert (row["wins"], row["losses"]) == (4, 0)
    assert row["p_sign"] == pytest.approx(0.125)
    assert row["ci_high"] < 0 and not row["holds"]  # four data sets are too few
    # spreads a - EM: s1 .1 - .2, 0 - .1; s2 .2 - 0, 0 - .1
    row = table.loc[("2: spread", "EM")]
    assert (row["wins"], row["ties"], row["losses"]) == (3, 0, 1)
    assert row["mean_diff"] == pytest.approx(-0.025)


def test_paired_comparison_holds_on_eight_wins():
    rows = []
    for seed in range(8):
        rows += [("b", "s", seed, "k-means++", 0, 0.1 + 0.01 * seed)]
        rows += [(rival, "s", seed, "k-means++", 0, 0.2 + 0.01 * seed)
                 for rival in experiment.RIVALS]
    row = experiment.paired_comparison(_frame(rows)).loc[("b", "1: error", "EM")]
    assert (row["wins"], row["mean_diff"]) == (8, pytest.approx(-0.1))
    assert row["p_sign"] == pytest.approx(2 / 2**8)
    assert row["holds"]


def test_ablation_computes_the_spread_over_four_random_starts():
    results = experiment.ablation(
        configs={"bm": {"solver": "bm"}}, settings=["low-dim (p=2)"], seeds=[0],
        n_random=4, starts=("k-means++", "random"),
    )
    random = results[results["start"] == "random"]
    assert set(random["config"]) == {"bm", "EM"}
    for config, rows in random.groupby("config"):
        errors = rows.sort_values("start_seed")["error"].to_numpy()
        assert len(errors) == 4
        spread = experiment.spread_over_starts(results)[(config, "low-dim (p=2)")]
        assert spread == pytest.approx(np.sqrt(np.mean((errors - errors.mean()) ** 2)))
    tables = experiment.summarize(results)
    claims, paired = tables.values()
    assert {"err_random", "spread_random", "claim1", "claim2"} <= set(claims.columns)
    assert set(paired["rival"]) == {"KMeans", "SDPKMeans", "EM"}


def test_reproduce_prints_the_tables_and_the_paper_claim(monkeypatch, tmp_path, capsys,
                                                         tiny_results):
    from skpapers.cli import main

    monkeypatch.setattr(experiment, "run", lambda **kwargs: tiny_results)
    monkeypatch.setattr(experiment, "plot", None)
    assert main(["reproduce", "ilasdp", "--quick", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # the CLI wraps long titles and the claim at cli.WIDTH
    flat = " ".join(out.split())
    for title in experiment.summarize(tiny_results):
        assert " ".join(f"-- {title}".split()) in flat
    claim = " ".join(experiment.PAPER_CLAIM.split())
    assert claim in flat
    assert flat.index("paired per data set") < flat.index(claim)


def test_paired_difference_between_configurations(tiny_results):
    # a - EM from the k-means start: s1 -.1, -.1; s2 .05, -.05
    row = experiment.paired_difference(tiny_results, "a", "EM")
    assert (row["wins"], row["ties"], row["losses"]) == (3, 0, 1)
    assert row["mean_diff"] == pytest.approx(-0.05)
    assert experiment.claims_table(tiny_results).loc[("a", "all settings"), "n_data"] == 4
    with pytest.raises(ValueError, match="share no data set with 'spread_random'"):
        experiment.paired_difference(tiny_results, "a", "KMeans", "spread_random")


def test_claims_table_holds_each_configuration_against_the_rivals_on_its_data(
        tiny_results):
    # "c" ran on seed 0 only: the rivals' seed-0 errors are its reference
    # (s1: K-means .2, EM .2; s2: K-means .2, EM .25; spreads EM .2 and 0)
    extra = _frame([("c", "s1", 0, "k-means++", 0, 0.15), ("c", "s2", 0, "k-means++", 0, 0.1)]
                   + _random("c", "s1", 0, [0.1, 0.1]) + _random("c", "s2", 0, [0.1, 0.3]))
    table = experiment.claims_table(pd.concat([tiny_results, extra]))
    c = table.loc["c"]
    np.testing.assert_allclose(c["rival_err"], [0.2, 0.2, 0.2])
    np.testing.assert_allclose(c["em_spread"], [0.2, 0.0, 0.1])
    np.testing.assert_allclose(c["spread_random"], [0.0, 0.1, 0.05])
    assert c["claim1"].tolist() == [True, True, True]
    assert c["claim2"].tolist() == [True, False, True]
    assert c["n_data"].tolist() == [1, 1, 2]


def test_plot_title_follows_the_package_style(tiny_results):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from skpapers.utils._plotting import PAPER_SHORT_NAMES

    fig = experiment.plot(tiny_results)
    title = fig._suptitle.get_text().splitlines()[0]
    assert title.startswith(PAPER_SHORT_NAMES["ilasdp"] + ": ")
    plt.close(fig)


# SDP starts of "a": s1 .1 .1; s2 .2 .4 (one per data set)
SDP_ERRORS = {"s1": [0.1, 0.1], "s2": [0.2, 0.4]}


def _with_sdp_starts(results):
    rows = [("a", setting, seed, "sdp", 0, e)
            for setting, errors in SDP_ERRORS.items() for seed, e in enumerate(errors)]
    return pd.concat([results, _frame(rows)], ignore_index=True)


def test_start_comparison_by_hand(tiny_results):
    table = experiment.start_comparison(_with_sdp_starts(tiny_results), "sdp").loc["a"]
    assert list(table.index) == ["own k-means++", "own random", "EM k-means++",
                                 "EM random"]
    np.testing.assert_allclose(table["mean_err"], 0.2)  # s1 .1, s2 .3
    # sdp - own k-means start: s1 0, -.1; s2 -.1, .1
    row = table.loc["own k-means++"]
    assert (row["wins"], row["ties"], row["losses"]) == (2, 1, 1)
    assert row["mean_diff"] == pytest.approx(-0.025)
    # sdp - mean of own random starts (s1 .2 .2; s2 .2 .1): -.1, -.1, 0, .3
    row = table.loc["own random"]
    assert (row["wins"], row["ties"], row["losses"]) == (2, 1, 1)
    assert row["mean_diff"] == pytest.approx(0.025)
    # sdp - EM's k-means start (s1 .2 .3; s2 .25 .35): -.1, -.2, -.05, .05
    row = table.loc["EM k-means++"]
    assert (row["wins"], row["losses"]) == (3, 1)
    assert row["mean_diff"] == pytest.approx(-0.075)
    # the same numbers through paired_difference with two measures
    same = experiment.paired_difference(_with_sdp_starts(tiny_results), "a", "EM",
                                        "err_sdp", other_measure="err_k-means++")
    assert same["mean_diff"] == pytest.approx(-0.075)
    # without SDP starts there is nothing to compare, and summarize leaves it out
    assert experiment.start_comparison(tiny_results, "sdp").empty
    assert len(experiment.summarize(tiny_results)) == 2
    assert len(experiment.summarize(_with_sdp_starts(tiny_results))) == 3
    with pytest.raises(ValueError, match="measure must be one of .*got 'err_sdp'"):
        experiment.paired_difference(tiny_results, "a", "EM", "err_sdp")


def _record_ablation(monkeypatch, module):
    calls = []

    def fake(configs=None, settings=None, seeds=range(3), **kwargs):
        calls.append({"configs": list(configs), "seeds": list(seeds), **kwargs})
        return pd.DataFrame({"config": list(configs)})

    monkeypatch.setattr(module, "ablation", fake)
    return calls


def test_full_run_fits_every_kind_of_start_including_sdp(monkeypatch):
    calls = _record_ablation(monkeypatch, experiment)
    experiment.run(quick=False)
    assert "sdp" in experiment.ABLATION_STARTS
    factorised, exact = calls
    assert factorised["starts"] == exact["starts"] == experiment.ABLATION_STARTS
    assert factorised["seeds"] == list(range(20))
    assert exact["seeds"] == list(range(experiment.EXACT_SEEDS))
    assert exact["configs"] == list(experiment.EXACT_CONFIGS)
    assert set(factorised["configs"]) == set(experiment.ABLATION_CONFIGS) - set(
        experiment.EXACT_CONFIGS)
    calls.clear()
    experiment.run(quick=True)
    assert [c["starts"] for c in calls] == [experiment.QUICK_STARTS]


def test_ablation_script_runs_the_starts_it_is_given(monkeypatch, tmp_path):
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "ilasdp_ablation.py"
    spec = importlib.util.spec_from_file_location("ilasdp_ablation_script", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    calls = _record_ablation(monkeypatch, experiment)
    monkeypatch.setattr(experiment, "SETTINGS", {"s": None})
    for argv in (["--starts", "k-means++", "sdp"], []):
        out = tmp_path / f"out{len(argv)}.csv"
        monkeypatch.setattr(sys, "argv", ["ilasdp_ablation.py", "run", str(out),
                                          "--seeds", "0", "--configs", "ILASDP default",
                                          *argv])
        script.main()
        assert out.is_file()
    assert [c["starts"] for c in calls] == [("k-means++", "sdp"),
                                            experiment.ABLATION_STARTS]
