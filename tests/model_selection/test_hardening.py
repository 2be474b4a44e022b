"""compare_learning_curves on degenerate settings (issue 13, item 4)."""

import warnings

import numpy as np
import pytest

from skpapers.model_selection import compare_learning_curves
from skpapers.model_selection._curve_fit import fit_power_law
from skpapers.naive_bayes import PooledGaussianNB


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    y = np.arange(200) % 2
    return rng.normal(size=(200, 3)) + y[:, None], y


KW = dict(n_repeats=2, n_bootstrap=0, random_state=0)


@pytest.mark.parametrize("sizes", [[4, 4], [8, 4], [0.5, 1.0], [10]])
def test_too_few_distinct_sizes_warn_and_still_measure(data, sizes):
    X, y = data
    with pytest.warns(UserWarning, match=r"too few to fit err\(m\)"):
        result = compare_learning_curves([PooledGaussianNB()], X, y, train_sizes=sizes, **KW)
    assert np.all(np.isfinite(result.errors))
    assert result.summary()[["asymptotic_error", "b", "c", "m_star"]].isna().all(axis=None)


def test_two_sizes_suffice_with_a_fixed_asymptote(data):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        result = compare_learning_curves(
            [PooledGaussianNB()], X, y, train_sizes=[10, 100], asymptote=0.1, **KW)
    row = result.summary().iloc[0]
    assert row["asymptotic_error"] == 0.1 and np.isfinite(row["b"])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"epsilon": np.nan}, r"epsilon must be a positive finite number; got nan"),
        ({"epsilon": np.inf}, r"epsilon must be a positive finite number"),
        ({"confidence": 2}, r"confidence must be a number in \(0, 1\); got 2"),
        ({"confidence": np.nan}, r"confidence must be a number in \(0, 1\)"),
        ({"asymptote": np.nan}, r"asymptote must be None or a finite number"),
        ({"asymptote": "low"}, r"asymptote must be None or a finite number"),
        ({"asymptote": {"PooledGaussianNB": np.inf}}, r"asymptote\['PooledGaussianNB'\]"),
        ({"asymptote": {"nope": 0.1}}, r"'nope' is not an estimator name"),
        ({"n_bootstrap": -1}, r"n_bootstrap must be a non-negative integer"),
    ],
)
def test_bad_settings_are_named(data, kwargs, match):
    X, y = data
    settings = {**KW, **kwargs}
    with pytest.raises(ValueError, match=match):
        compare_learning_curves([PooledGaussianNB()], X, y, train_sizes=[5, 10, 20], **settings)


def test_fit_power_law_refuses_unidentified_sizes():
    sizes = np.array([4, 4, 8, 8])
    errors = np.array([0.3, 0.31, 0.2, 0.21])
    with pytest.raises(ValueError, match=r"2 distinct value\(s\).*needs 3"):
        fit_power_law(sizes, errors)
    params, _ = fit_power_law(sizes, errors, asymptote=0.1)
    # two sizes and a fixed a: b and c solve the two mean errors exactly
    np.testing.assert_allclose(params[1] * np.array([4.0, 8.0]) ** -params[2] + 0.1,
                               [0.305, 0.205], rtol=1e-6)
