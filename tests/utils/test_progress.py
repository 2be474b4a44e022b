"""Progress reporting: off unless asked, a bar only on a terminal."""

import io

import numpy as np
import pytest

from skpapers.metrics import auroc_score, bootstrap_ci
from skpapers.utils import _progress
from skpapers.utils._progress import bar_enabled, progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_silent_by_default():
    log = io.StringIO()
    assert list(progress(range(4), stream=log)) == [0, 1, 2, 3]
    assert log.getvalue() == ""


def test_no_bar_when_output_is_not_a_terminal():
    log = io.StringIO()
    assert not bar_enabled(1, log)
    assert list(progress(range(3), verbose=1, desc="step", stream=log)) == [0, 1, 2]
    lines = log.getvalue().splitlines()
    assert [line.split(" in ")[0] for line in lines] == ["step: 1/3", "step: 2/3", "step: 3/3"]


def test_bar_on_a_terminal_when_tqdm_is_installed():
    pytest.importorskip("tqdm")
    term = _Terminal()
    assert bar_enabled(1, term) and not bar_enabled(0, term)
    assert list(progress(range(5), verbose=1, desc="fits", stream=term)) == list(range(5))
    out = term.getvalue()
    assert "fits" in out and "0/5" in out and "\r" in out  # a redrawn bar, not lines
    assert "\n" not in out


def test_plain_lines_on_a_terminal_without_tqdm(monkeypatch):
    monkeypatch.setattr(_progress, "_tqdm", lambda: None)
    term = _Terminal()
    assert not bar_enabled(1, term)
    list(progress(iter(range(2)), verbose=1, desc="x", stream=term))
    assert [line.split(" in ")[0] for line in term.getvalue().splitlines()] == ["x: 1", "x: 2"]


def test_bootstrap_ci_verbose(capsys):
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(60), np.ones(40)]
    s = rng.normal(size=100) + y
    quiet = bootstrap_ci(auroc_score, y, s, n_resamples=120, random_state=0)
    assert capsys.readouterr().err == ""
    loud = bootstrap_ci(auroc_score, y, s, n_resamples=120, random_state=0, verbose=1)
    err = capsys.readouterr().err  # pytest's capture is not a terminal: plain lines
    assert err.count("bootstrap") == 3 and "3/3" in err
    np.testing.assert_array_equal(quiet.distribution, loud.distribution)
