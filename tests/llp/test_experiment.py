"""The LLP experiment module: contract and table/plot on a small frame."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from skpapers.experiments import llp  # noqa: E402


def _frame():
    rows = []
    for seed in (0, 1):
        rows += [
            dict(dataset="d", n_train=100, bag_size=1, method="oracle-MLP", seed=seed, auc=0.95),
            dict(dataset="d", n_train=100, bag_size=1, method="oracle-LR", seed=seed, auc=0.90),
        ]
        for bag, bp, dllp in [(8, 0.9, 0.8 + 0.02 * seed), (32, 0.85, 0.7)]:
            rows.append(dict(dataset="d", n_train=100, bag_size=bag, method="LLP-BP", seed=seed, auc=bp))
            rows.append(dict(dataset="d", n_train=100, bag_size=bag, method="DLLP-LR", seed=seed, auc=dllp))
            rows.append(dict(dataset="d", n_train=100, bag_size=bag, method="EasyLLP-LR", seed=seed, auc=0.75))
    return pd.DataFrame(rows)


def test_contract():
    assert "Havaldar" in llp.TITLE and llp.PROVIDES
    assert callable(llp.run)


def test_summary_averages_seeds_and_reports_the_gap():
    (table,) = llp.summarize(_frame()).values()
    table = table.set_index("bag_size")
    assert table.loc[8, "DLLP-LR"] == pytest.approx(0.81)
    assert table.loc[8, "BP - best baseline"] == pytest.approx(0.09)  # best = DLLP-LR
    assert table.loc[32, "BP - best baseline"] == pytest.approx(0.10)  # best = EasyLLP-LR
    assert table.loc[32, "oracle-MLP"] == pytest.approx(0.95)
    assert 1 not in table.index  # oracle rows become columns


def test_plot_draws_one_panel_per_dataset():
    fig = llp.plot(_frame())
    assert len(fig.axes) == 1
    assert len(fig.axes[0].lines) == 5  # three methods, two oracle lines


def test_run_on_given_data_returns_the_tidy_frame():
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=400, n_features=5, random_state=0)
    res = llp.run(datasets={"tiny": (X, y)}, bag_sizes=(8,), methods=("DLLP-LR", "EasyLLP-LR"))
    assert set(res["method"]) == {"DLLP-LR", "EasyLLP-LR", "oracle-MLP", "oracle-LR"}
    assert set(res.columns) >= {"dataset", "positive_fraction", "n_train", "bag_size", "auc"}
    assert res["auc"].between(0, 1).all()
    assert (res.loc[res["method"].str.startswith("oracle"), "bag_size"] == 1).all()
