"""The ``skpapers`` command line."""

import re
import subprocess
import sys

import pytest

from skpapers.cli import build_parser, main
from skpapers.utils import all_experiments


def test_list_runs(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in all_experiments():
        assert name in out


def test_unknown_experiment_is_a_clear_error():
    with pytest.raises(SystemExit, match="unknown experiment"):
        main(["reproduce", "no_such_paper", "--quick"])


def test_unknown_benchmark_is_a_clear_error():
    with pytest.raises(SystemExit, match="no benchmark"):
        main(["bench", "no_such_area"])


def test_parser_defaults():
    args = build_parser().parse_args(["reproduce"])
    assert args.names == [] and not args.quick and args.seed == 0


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "skpapers", "list"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("alias, name", [("metrics", "auc_imbalance"), ("nb", "nb_vs_lr"),
                                         ("cluster", "ilasdp"), ("smote", "smote")])
def test_bench_and_reproduce_share_names_with_aliases(alias, name):
    from skpapers.cli import _BENCH_FILES, _benchmark_dir, canonical_name

    assert canonical_name(alias) == name and canonical_name(name) == name
    assert name in all_experiments()
    script = _benchmark_dir() / f"bench_{_BENCH_FILES.get(name, name)}.py"
    assert script.is_file()


def test_list_shows_the_aliases(capsys):
    main(["list"])
    assert "metrics = auc_imbalance" in capsys.readouterr().out


def test_reproduce_prints_titled_tables_and_progress(monkeypatch, tmp_path, capsys):
    import types

    import pandas as pd

    import skpapers.cli as cli

    fake = types.SimpleNamespace(
        TITLE="A fake paper",
        run=lambda quick, random_state, verbose: pd.DataFrame({"x": [1, 2]}),
        summarize=lambda r: {"first table": r.head(1), "second table": r.tail(1)},
    )
    monkeypatch.setattr(cli, "all_experiments", lambda: {"fake": fake})
    assert main(["reproduce", "fake", "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "== [1/1] fake: A fake paper" in captured.out
    assert "-- first table" in captured.out and "-- second table" in captured.out
    # not a terminal: no bar, one plain progress line with the time
    assert captured.err.startswith("papers: 1/1 in ")
    assert (tmp_path / "fake.csv").is_file()


def _small_results(name):
    """A few rows of each experiment's results: enough for summarize and plot."""
    import numpy as np
    import pandas as pd

    from skpapers.experiments import auc_imbalance, smote

    if name == "auc_imbalance":
        return auc_imbalance.run(quick=True, n_samples=400, n_steps=5)
    if name == "smote":
        return pd.DataFrame([
            ("Pima", smote.UNDER, 0, smote.RAW_SETTING, 0.6, 0.2),
            ("Pima", smote.UNDER, 0, 100, 0.9, 0.6),
            ("Pima", "SMOTE 100%-C4.5", 100, 100, 0.8, 0.4),
            ("Pima", smote.NB_FAMILY, 0, 0.5, 0.5, 0.1),
        ], columns=smote.COLUMNS)
    rows = []
    if name == "presto":
        for rep in range(3):
            for method, mse in [("PRESTO", 4e-5), ("Logit", 7e-5), ("PO", 6e-5)]:
                rows.append(dict(experiment="simulation", setting="sparse q=1/2",
                                 intercepts="(0, 3.5, 5.5)", replication=rep,
                                 method=method, metric="rare_mse",
                                 value=mse * (1 + 0.1 * rep), rare_fraction=0.007,
                                 alpha=np.nan))
    elif name == "nb_vs_lr":
        for part, n, K, bayes in [("simulation", 20, 2, 0.0), ("simulation", 40, 2, 0.0),
                                  ("digits", 64, 10, np.nan)]:
            for est, scale in [("naive Bayes", 3.0), ("logistic regression", n / 2)]:
                for run in range(2):
                    for m in (4, 8, 16, 32, 64, 128):
                        rows.append(dict(part=part, n_classes=K, n_features=n,
                                         estimator=est, train_size=m, run=run,
                                         test_error=0.5 * np.exp(-m / scale),
                                         fit_time=0.0, bayes_error=bayes))
    elif name == "llp":
        for method, auc in [("oracle-LR", 0.9), ("LLP-BP", 0.85), ("DLLP-LR", 0.8)]:
            rows.append(dict(dataset="d", positive_fraction=0.25, n_train=100,
                             bag_size=1 if method.startswith("oracle") else 8,
                             method=method, seed=0, auc=auc, seconds=0.1))
    return pd.DataFrame(rows)


# each experiment's printed paper figure or claim, with its source
PAPER_FIGURES = {
    "smote": ["Paper (Chawla et al. 2002", "its Table 3", "7242", "7307"],
    "presto": ["Paper (Faletto & Bien 2023, Section 4.1", "about 4e-5 for PRESTO, 7e-5 "
               "for Logit and 5e-5 for PO", "0.57", "0.8"],
    "nb_vs_lr": ["Paper (Zheng et al. 2023, main theorem", "O(log n)", "O(n)",
                 "no digits experiment"],
    "auc_imbalance": ["Paper (McDermott et al. 2024", "> 0 (widens)", "0 (unchanged)"],
    "llp": ["Paper (Havaldar et al. 2024, abstract", "gains up to 15 % AUC"],
}


@pytest.mark.parametrize("name", sorted(PAPER_FIGURES))
def test_reproduce_prints_the_papers_figure_beside_ours(name, monkeypatch, tmp_path,
                                                        capsys):
    pytest.importorskip("matplotlib")
    module = all_experiments()[name]
    frame = _small_results(name)
    monkeypatch.setattr(module, "run", lambda quick, random_state, verbose: frame)
    assert main(["reproduce", name, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())  # claims are wrapped at word boundaries
    for figure in PAPER_FIGURES[name]:
        assert figure in flat, figure
    # every line but the paths (tmp_path is long) fits cli.WIDTH, headers too
    import skpapers.cli as cli

    lines = [line for line in out.splitlines() if str(tmp_path) not in line]
    assert max(len(line) for line in lines) <= cli.WIDTH
    assert (tmp_path / f"{name}.png").is_file()


def test_nb_vs_lr_claims_sit_under_their_tables(monkeypatch, tmp_path, capsys):
    from skpapers.experiments import nb_vs_lr

    frame = _small_results("nb_vs_lr")
    monkeypatch.setattr(nb_vs_lr, "run", lambda quick, random_state, verbose: frame)
    monkeypatch.setattr(nb_vs_lr, "plot", None)
    main(["reproduce", "nb_vs_lr", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    order = [out.index(f"-- {nb_vs_lr.M_STAR_TITLE}"), out.index("Paper (Zheng et al. 2023, main"),
             out.index(f"-- {nb_vs_lr.DIGITS_TITLE}"), out.index("Paper (Zheng et al. 2023, linear")]
    assert order == sorted(order)


def test_paper_claim_forms(monkeypatch, tmp_path, capsys):
    """PAPER_CLAIM: a string, a list, or {table title (None: at the end): text(s)}."""
    import types

    import pandas as pd

    import skpapers.cli as cli

    assert cli.paper_claims(types.SimpleNamespace()) == {}
    assert cli.paper_claims(types.SimpleNamespace(PAPER_CLAIM="x")) == {None: ["x"]}
    assert cli.paper_claims(types.SimpleNamespace(PAPER_CLAIM=["x", "y"])) == {None: ["x", "y"]}
    fake = types.SimpleNamespace(
        TITLE="A fake paper",
        run=lambda quick, random_state, verbose: pd.DataFrame({"x": [1, 2]}),
        summarize=lambda r: {"first": r.head(1), "second": r.tail(1)},
        PAPER_CLAIM={"second": ["Paper (Table 2): two", "Paper (Fig. 3): three"],
                     None: "Paper (abstract): overall " + "word " * 40},
    )
    monkeypatch.setattr(cli, "all_experiments", lambda: {"fake": fake})
    main(["reproduce", "fake", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert (out.index("-- first") < out.index("-- second") < out.index("Paper (Table 2)")
            < out.index("Paper (Fig. 3)") < out.index("Paper (abstract)"))
    assert max(len(line) for line in out.splitlines()) <= 110  # long claims are wrapped
    assert re.search(r"^  time: +\d+\.\d s \(CPU \d+\.\d s\)$", out, re.M)


@pytest.mark.parametrize("name", sorted(PAPER_FIGURES))
def test_experiment_figures_share_one_title_style(name):
    """"<paper short name>: <what is shown>", a title on every panel."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from skpapers.utils._plotting import PAPER_SHORT_NAMES

    fig = all_experiments()[name].plot(_small_results(name))
    title = fig._suptitle.get_text().splitlines()[0]
    assert title.startswith(PAPER_SHORT_NAMES[name] + ": ")
    assert len(title) > len(PAPER_SHORT_NAMES[name]) + 10  # says what is shown
    panels = [ax for ax in fig.axes if ax.has_data()]
    assert panels and all(ax.get_title() for ax in panels)  # every panel says what it is
    assert panels[0].get_ylabel()
    plt.close(fig)


def test_saved_figure_without_a_title_gets_its_papers_name(monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    import types

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    import skpapers.cli as cli

    figures = []

    def plot(results):
        figures.append(plt.figure())
        figures[-1].add_subplot().plot([0, 1])
        return figures[-1]

    module = types.SimpleNamespace(plot=plot)
    cli._save_figure(module, pd.DataFrame(), tmp_path, "ilasdp")
    assert figures[0]._suptitle.get_text() == "iLA-SDP (Zhuang, Chen & Yang 2023)"
    assert (tmp_path / "ilasdp.png").is_file()


@pytest.mark.parametrize("name", sorted(PAPER_FIGURES))
def test_printed_tables_fit_the_width_and_hide_row_counters(name):
    """No printed line is wider than cli.WIDTH (wide tables continue below, as
    pandas prints them), and a plain 0..n-1 index is not printed."""
    import skpapers.cli as cli

    text = cli.format_results(all_experiments()[name], _small_results(name))
    assert max(len(line) for line in text.splitlines()) <= cli.WIDTH
    assert not re.search(r"^0 ", text, re.M), text
    assert text == "\n".join(line.rstrip() for line in text.splitlines())


def test_a_wrapped_table_names_its_rows_in_every_block():
    """ilasdp's first table printed its last columns as a block of bare values."""
    import pandas as pd

    import skpapers.cli as cli

    frame = pd.DataFrame({"config": ["ours", "rival"], "setting": ["easy", "hard"]})
    for j in range(12):
        frame[f"a_long_column_{j}"] = [0.125 * j, 0.5]
    blocks = cli._table_text(frame).split("\n\n")
    assert len(blocks) >= 2
    for block in blocks:
        rows = block.splitlines()
        assert max(len(row) for row in rows) <= cli.WIDTH
        assert rows[-2].startswith("ours ") and rows[-1].startswith("rival ")
