"""The user guide's ``skpapers reproduce`` tables are what the command prints today.

Each ``docs/user_guide/<name>_reproduce.inc`` is written by
``benchmarks/reproduce_docs.py``; a change of a table's columns, of its
rounding or of the paper's claim text makes the page stale, and this test
fails until the file is regenerated.
"""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from skpapers.cli import format_results
from skpapers.utils.discovery import all_experiments

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "reproduce_docs.py"
INC_FILES = sorted((ROOT / "docs" / "user_guide").glob("*_reproduce.inc"))


def _script():
    spec = importlib.util.spec_from_file_location("reproduce_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_reproduce_inc_is_included_by_a_guide_page():
    assert {p.name for p in INC_FILES} >= {"auc_imbalance_reproduce.inc",
                                           "nb_vs_lr_reproduce.inc",
                                           "presto_reproduce.inc"}
    pages = " ".join(p.read_text() for p in (ROOT / "docs" / "user_guide").glob("*.rst"))
    for inc in INC_FILES:
        assert f".. include:: {inc.name}" in pages, inc.name


@pytest.mark.parametrize("inc", INC_FILES, ids=[p.stem for p in INC_FILES])
def test_reproduce_inc_matches_the_cli(inc):
    script = _script()
    name = inc.name[: -len("_reproduce.inc")]
    module = all_experiments()[name]
    text = inc.read_text()
    header = script.inc_header(text)
    assert header[0].startswith(f"$ skpapers reproduce {name}"), header
    if name in script.SLOW:  # the stored results of the run that wrote the file
        results = pd.read_csv(script.results_path(name))
    else:  # fast enough to run again (full size, seed 0: what the page shows)
        assert "full size, seed 0" in header[1]
        results = module.run(quick=False, random_state=0)
    expected = script.format_for_docs(module, results)
    assert script.inc_body(text) == "\n".join(line.rstrip() for line in expected.splitlines())
    # the guide's code blocks show about 75 characters; wider lines scroll
    assert max(len(line) for line in text.splitlines()) <= len(script.INDENT) + script.DOC_WIDTH


def test_inc_round_trip():
    script = _script()
    body = "  a  b\n0 1  2   \n  Paper (x): y"
    text = script.inc_text(["$ skpapers reproduce x", "(full size)"], body)
    assert text.startswith(".. code-block:: text\n\n   $ skpapers reproduce x\n   (full size)\n\n")
    assert script.inc_header(text) == ["$ skpapers reproduce x", "(full size)"]
    assert script.inc_body(text) == "\n".join(line.rstrip() for line in body.splitlines())


def test_format_results_keeps_to_the_width():
    from skpapers.experiments import auc_imbalance

    results = auc_imbalance.run(quick=True, n_steps=5)
    for width in (60, 70, 110):
        text = format_results(auc_imbalance, results, width=width)
        assert max(len(line) for line in text.splitlines()) <= width
