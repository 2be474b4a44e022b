"""The nb_vs_lr experiment's tables on constructed learning curves."""

import numpy as np
import pandas as pd
import pytest

from skpapers.experiments import nb_vs_lr


def _results():
    rows = []
    for n in (100, 200, 400):
        sizes = np.unique(np.geomspace(4, 8 * n, 12).astype(int))
        for name, curve in {
            "naive Bayes": lambda m: 0.5 * np.exp(-m / 3.0),  # fast, n-free
            "logistic regression": lambda m, n=n: 0.5 * np.exp(-m / (0.5 * n)),
        }.items():
            for run in range(2):
                for m in sizes:
                    rows.append({"part": "simulation", "n_classes": 2, "n_features": n,
                                 "estimator": name, "train_size": m, "run": run,
                                 "test_error": curve(m), "fit_time": 0.0,
                                 "bayes_error": 0.0})
    sizes = np.array([10, 20, 40, 80, 160, 320])
    for name, err in {"naive Bayes": [0.30, 0.20, 0.15, 0.13, 0.12, 0.12],
                      "logistic regression": [0.40, 0.30, 0.18, 0.12, 0.08, 0.06]
                      }.items():
        for run in range(2):
            for m, e in zip(sizes, err):
                rows.append({"part": "digits", "n_classes": 10, "n_features": 64,
                             "estimator": name, "train_size": m, "run": run,
                             "test_error": e, "fit_time": 0.0, "bayes_error": np.nan})
    return pd.DataFrame(rows)


def test_m_star_is_the_first_size_within_epsilon_of_bayes():
    table = nb_vs_lr.m_star_table(_results())
    for _, row in table.iterrows():
        n = row["n_features"]
        sizes = np.unique(np.geomspace(4, 8 * n, 12).astype(int))
        scale = 3.0 if row["estimator"] == "naive Bayes" else 0.5 * n
        expected = sizes[np.argmax(0.5 * np.exp(-sizes / scale) <= 0.01)]
        assert row["m_star_observed"] == expected


def test_growth_slopes_separate_log_from_linear():
    growth = nb_vs_lr.growth_table(nb_vs_lr.m_star_table(_results()))
    slopes = growth.set_index("estimator")["loglog_slope_observed"]
    assert abs(slopes["naive Bayes"]) < 0.3
    assert slopes["logistic regression"] == pytest.approx(1.0, abs=0.25)


def test_digits_crossover_and_summary():
    cross = nb_vs_lr.digits_crossover(_results()).iloc[0]
    assert cross["observed_crossover"] == 80
    assert cross["better_below"] == "naive Bayes"
    assert 40 < cross["fitted_crossover"] < 160
    m_star, digits = nb_vs_lr.summarize(_results()).values()
    assert digits["observed_crossover"].iloc[0] == 80
    assert {"m* n=100", "m* n=400", "slope_observed"} <= set(m_star.columns)
    # one kind of row each: the m* table has one row per estimator and K
    assert len(m_star) == 2 and len(digits) == 1
    assert not m_star.columns.str.startswith("crossover").any()
