"""The samplers on hostile input (issue 13: items 5, 6, 7, 8, 9, 10).

References: SMOTE commutes with scaling X by a power of two (the neighbour
ranking is unchanged, interpolation is exact), so the resampled data at any
scale that does not overflow is the scaled resample of the data at scale 1;
the float input gives the values expected from a nullable-integer frame.
"""

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from skpapers.over_sampling import SMOTE, SMOTENC, SMOTEUnderSampler


def _data(n=60, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4))
    X[:, 0] = rng.randint(0, 3, n)  # nominal for SMOTENC, a number for the others
    y = np.r_[np.zeros(n - n // 4, int), np.ones(n // 4, int)]
    return X, y


SAMPLERS = [
    SMOTE(random_state=0),
    SMOTEUnderSampler(random_state=0),
    SMOTENC(categorical_features=[0], random_state=0),
]
IDS = ["SMOTE", "SMOTEUnderSampler", "SMOTENC"]


@pytest.mark.parametrize("sampler", SAMPLERS, ids=IDS)
def test_values_near_float_max_are_named(sampler):
    X, y = _data()
    X[:, 2] = np.sign(X[:, 2]) * 1e308
    with pytest.raises(ValueError, match=r"X feature 2 ranges from -1e\+308 to 1e\+308"):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=IDS)
@settings(max_examples=5, deadline=None)
@example(exponent=511)  # SMOTE-NC's Med ** 2 overflowed here before
@example(exponent=1021)  # past the float range of sums: our message
@given(exponent=st.integers(-1000, 1021))
def test_power_of_two_scale_property(sampler, exponent):
    X, y = _data()
    cont = [1, 2, 3] if isinstance(sampler, SMOTENC) else [0, 1, 2, 3]
    X_ref, y_ref = sampler.fit_resample(X, y)
    scaled = X.copy()
    scaled[:, cont] = np.ldexp(X[:, cont], exponent)
    try:
        X_res, y_res = sampler.fit_resample(scaled, y)
    except ValueError as exc:  # only past the float range, with our message
        assert "overflow float64" in str(exc)
        assert exponent > 1000  # |X| up to ~2**2: sums of 60 rows pass 2**1024
        return
    expected = X_ref.copy()
    expected[:, cont] = np.ldexp(X_ref[:, cont], exponent)
    np.testing.assert_array_equal(y_res, y_ref)
    if exponent > -900:  # no subnormal rounding of the inputs
        np.testing.assert_array_equal(X_res, expected)
    assert np.all(np.isfinite(X_res))


@pytest.mark.parametrize("sampler", SAMPLERS, ids=IDS)
def test_nullable_int_frame(sampler):
    X, y = _data()
    Xi = np.round(X * 3)
    frame = pd.DataFrame(Xi, columns=list("abcd")).astype("Int64")
    X_ref, y_ref = sampler.fit_resample(pd.DataFrame(Xi, columns=list("abcd")), y)
    X_res, y_res = sampler.fit_resample(frame, y)
    np.testing.assert_array_equal(y_res, y_ref)
    np.testing.assert_array_equal(X_res.to_numpy(dtype=float), X_ref.to_numpy(dtype=float))
    interpolated = "bcd" if isinstance(sampler, SMOTENC) else "abcd"
    for col in interpolated:
        assert X_res[col].dtype == "Float64"
    if isinstance(sampler, SMOTENC):
        assert X_res["a"].dtype == "Int64"  # nominal values are kept, not mixed


@pytest.mark.parametrize("sampler", SAMPLERS, ids=IDS)
def test_mixed_and_missing_labels_are_named(sampler):
    X, _ = _data()
    mixed = np.array(["0", 0] * 30, dtype=object)
    with pytest.raises(ValueError, match=r"y mixes labels of types int and str"):
        sampler.fit_resample(X, mixed)
    missing = np.array(["a"] * 45 + ["b"] * 15, dtype=object)
    missing[7] = pd.NA
    with pytest.raises(ValueError, match=r"y has missing labels .* rows \[7\]"):
        sampler.fit_resample(X, missing)
    with pytest.raises(ValueError, match=r"y has missing labels"):
        sampler.fit(X, missing)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=IDS)
def test_string_column_is_named(sampler):
    X, y = _data()
    frame = pd.DataFrame(X, columns=["nom", "x1", "x2", "x3"])
    frame["x2"] = np.where(X[:, 2] > 0, "lo", "hi")
    with pytest.raises(ValueError, match=r"X column 'x2' \(dtype \w+\) holds non-numeric"):
        sampler.fit_resample(frame, y)
    as_array = frame.to_numpy(dtype=object)
    with pytest.raises(ValueError, match=r"X column 2 \(dtype \w+\) holds non-numeric"):
        sampler.fit_resample(as_array, y)


@pytest.mark.parametrize(
    "sampler, what",
    [
        (SMOTEUnderSampler(smote_percent=1e15), r"smote_percent=1e\+15"),
        (SMOTE(sampling_strategy={1: 10**15}), r"sampling_strategy"),
        (SMOTENC([0], sampling_strategy={1: 10**15}), r"sampling_strategy"),
    ],
    ids=["SMOTEUnderSampler", "SMOTE", "SMOTENC"],
)
def test_output_past_memory_is_refused_up_front(sampler, what):
    X, y = _data()
    start = time.perf_counter()
    with pytest.raises(ValueError, match=what + r" asks for [\d,]+ synthetic samples, about"):
        sampler.fit_resample(X, y)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("check", ["check_samplers_pandas_sparse", "check_samplers_sparse"])
def test_smotenc_passes_imbalanced_learns_sparse_checks(check):
    # item 15: imbalanced-learn's own sampler checks, run on our SMOTENC
    from imblearn.utils import estimator_checks

    getattr(estimator_checks, check)(
        "SMOTENC", SMOTENC(categorical_features=[0], random_state=0)
    )
