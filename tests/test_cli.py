"""The ``skpapers`` command line."""

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
