"""PooledGaussianNB on hostile input (issue 13: items 1, 2, 3, 7, 8, 16).

References: the model is equivariant under translation of X and invariant
under a common scale of the sample weights, so the fit on the untranslated
data (or without weights) is the exact answer; probabilities are checked for
validity on any finite input.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.datasets import make_moons

from skpapers.naive_bayes import PooledGaussianNB


def _moons():
    return make_moons(400, noise=0.3, random_state=0)


# ---------------------------------------- item 1: offsets (centred forms)


@pytest.mark.parametrize(
    "offset, scale", [(1e7, 1.0), (1e8, 1.0), (1e6, 1e-3), (-1e8, 1.0)]
)
def test_translation_does_not_change_predictions(offset, scale):
    X, y = _moons()
    reference = PooledGaussianNB().fit(scale * X, y)
    moved = PooledGaussianNB().fit(offset + scale * X, y)
    np.testing.assert_allclose(
        moved.predict_proba(offset + scale * X),
        reference.predict_proba(scale * X),
        atol=1e-6,
    )
    np.testing.assert_array_equal(moved.predict(offset + scale * X), reference.predict(scale * X))


@settings(max_examples=30, deadline=None)
@given(
    offset=st.floats(-1e9, 1e9, allow_nan=False),
    log_scale=st.floats(-3, 3),
    n_classes=st.integers(2, 4),
)
def test_translation_property(offset, log_scale, n_classes):
    rng = np.random.RandomState(0)
    y = np.arange(90) % n_classes
    X = (rng.normal(size=(90, 3)) + y[:, None]) * 10.0**log_scale
    reference = PooledGaussianNB().fit(X, y).predict_proba(X)
    moved = PooledGaussianNB().fit(X + offset, y).predict_proba(X + offset)
    # the data themselves carry |offset| * 2**-52 of rounding, relative to spread
    tol = 1e-9 + 1e2 * np.finfo(float).eps * abs(offset) / 10.0**log_scale
    np.testing.assert_allclose(moved, reference, atol=tol)


# ------------------------------------------ item 2: extreme sample weights


@pytest.mark.parametrize("weight", [5e-324, 1e-300, 1e-200, 1e200, 1e300, 1.7e308])
def test_equal_weights_of_any_scale_give_the_unweighted_model(weight):
    X, y = _moons()
    plain = PooledGaussianNB().fit(X, y)
    weighted = PooledGaussianNB().fit(X, y, sample_weight=np.full(len(y), weight))
    np.testing.assert_allclose(weighted.theta_, plain.theta_, rtol=1e-12)
    np.testing.assert_allclose(weighted.var_, plain.var_, rtol=1e-12)
    np.testing.assert_allclose(weighted.predict_proba(X), plain.predict_proba(X), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(exponent=st.integers(-1070, 1020), split=st.integers(20, 380))
def test_weight_scale_property_streaming(exponent, split):
    # equal weights 2**exponent, fitted in two batches: the unweighted model
    X, y = _moons()
    w = np.full(len(y), 2.0**exponent)
    plain = PooledGaussianNB().fit(X, y)
    streamed = PooledGaussianNB()
    streamed.partial_fit(X[:split], y[:split], classes=[0, 1], sample_weight=w[:split])
    streamed.partial_fit(X[split:], y[split:], sample_weight=w[split:])
    np.testing.assert_allclose(streamed.var_, plain.var_, rtol=1e-10)
    np.testing.assert_allclose(streamed.predict_proba(X), plain.predict_proba(X), atol=1e-10)


# ----------------------------------------------- item 3: huge predict input


def _nine_rows():
    rng = np.random.RandomState(0)
    return rng.normal(size=(9, 2)), np.arange(9) % 3


def test_huge_rows_get_valid_probabilities():
    X, y = _nine_rows()
    clf = PooledGaussianNB().fit(X, y)
    proba = clf.predict_proba([[1e308, -1e308], [-1e308, 1e308], [1e308, 1e308]])
    assert np.all(np.isfinite(proba))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # far along a direction, the class whose score grows fastest wins
    direction = np.array([1.0, -1.0])
    slopes = clf.coef_ @ direction
    assert proba[0].argmax() == slopes.argmax()
    np.testing.assert_array_equal(clf.predict([[1e308, -1e308]]), clf.classes_[[slopes.argmax()]])


def test_decision_function_overflow_names_X():
    X, y = _nine_rows()
    clf = PooledGaussianNB().fit(X, y)
    with pytest.raises(ValueError, match=r"X rows \[0\].*overflow"):
        clf.decision_function([[1e308, -1e308]])


@settings(max_examples=60, deadline=None)
@example(rows=np.array([[1e308, -1e308], [-1e308, 1e308], [5e-324, 1e308]]))
@given(
    rows=arrays(
        np.float64,
        (3, 2),
        elements=st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_any_finite_row_gets_valid_probabilities(rows):
    X, y = _nine_rows()
    clf = PooledGaussianNB().fit(X, y)
    proba = clf.predict_proba(rows)
    assert np.all(np.isfinite(proba)) and np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(rows), clf.classes_[proba.argmax(axis=1)])
    log_proba = clf.predict_log_proba(rows)
    assert not np.any(np.isnan(log_proba))


# ------------------------------------------------------- item 16: float32


def test_float32_in_float32_out():
    X, y = _moons()
    X32 = X.astype(np.float32)
    clf = PooledGaussianNB().fit(X32, y)
    for name in ("theta_", "var_", "class_prior_", "class_count_", "coef_", "intercept_"):
        assert getattr(clf, name).dtype == np.float32, name
    for method in ("predict_proba", "predict_log_proba", "decision_function"):
        out = getattr(clf, method)(X32)
        assert out.dtype == np.float32, method
    reference = PooledGaussianNB().fit(X32.astype(np.float64), y)
    np.testing.assert_allclose(clf.predict_proba(X32), reference.predict_proba(X32), atol=1e-6)


# ------------------------------------------------- items 7 and 8: labels


def test_mixed_str_and_int_labels_are_named():
    X, _ = _moons()
    y = np.array(["0", 0] * 200, dtype=object)
    with pytest.raises(ValueError, match=r"y mixes labels of types int and str"):
        PooledGaussianNB().fit(X, y)
    with pytest.raises(ValueError, match=r"y mixes labels"):
        PooledGaussianNB().partial_fit(X, y, classes=["0", "1"])


@pytest.mark.parametrize("missing", [pd.NA, None, np.nan])
def test_missing_label_is_named(missing):
    X, _ = _moons()
    y = np.array(["a", "b"] * 200, dtype=object)
    y[3] = missing
    with pytest.raises(ValueError, match=r"y has missing labels .* rows \[3\]"):
        PooledGaussianNB().fit(X, y)
    with pytest.raises(ValueError, match=r"y has missing labels"):
        PooledGaussianNB().fit(X, pd.Series(y, dtype="string"))


def test_string_column_is_named():
    X, y = _moons()
    frame = pd.DataFrame({"a": X[:, 0], "level": np.where(X[:, 1] > 0, "lo", "hi")})
    with pytest.raises(ValueError, match=r"X column 'level' \(dtype \w+\).*'(lo|hi)'"):
        PooledGaussianNB().fit(frame, y)
