"""make_bags, bag validation and the bag-level metric."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skpapers.llp import (
    BeliefPropagationLLP,
    DLLPClassifier,
    bag_proportion_error,
    make_bag_scorer,
    make_bags,
)
from skpapers.testing import bagged_proportions

ESTIMATORS = [DLLPClassifier(), BeliefPropagationLLP(n_rounds=1, random_state=0)]


def test_make_bags_sizes_and_proportions():
    y = np.random.RandomState(0).randint(0, 2, 103)
    bags, props = make_bags(y, 10, random_state=0)
    sizes = np.bincount(bags)
    assert sorted(sizes.tolist()) == [3] + [10] * 10  # remainder bag of 3
    truth = pd.Series(y).groupby(bags).transform("mean").to_numpy()
    np.testing.assert_allclose(props, truth)
    again, _ = make_bags(y, 10, random_state=0)
    np.testing.assert_array_equal(bags, again)


def test_feature_correlated_bags_are_purer_than_random_ones():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(2000, 3))
    y = (X[:, 0] + 0.3 * rng.normal(size=2000) > 0).astype(int)
    _, random_props = make_bags(y, 20, random_state=1)
    spreads = []
    for seed in range(5):
        _, corr_props = make_bags(y, 20, random_state=seed, X=X)
        spreads.append(corr_props.std())
    assert np.mean(spreads) > 1.5 * random_props.std()


@pytest.mark.parametrize("size, exc, match", [
    (0, ValueError, "size 0"), (-3, ValueError, "at least 1"), (2.5, TypeError, "int"),
])
def test_make_bags_rejects_bad_bag_size(size, exc, match):
    with pytest.raises(exc, match=match):
        make_bags([0, 1, 1, 0], size, random_state=0)


def _data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 3))
    y = (X[:, 0] > 0).astype(int)
    bags, props = make_bags(y, 4, random_state=0)
    return X, props, bags


def test_text_bag_ids_work_from_numpy_as_from_pandas():
    # a pandas Series of strings arrives as an object array and was accepted;
    # the same ids in a NumPy str array were refused as "not integer"
    X, props, bags = _data()
    names = np.array([f"patient-{b:02d}" for b in bags])
    ref = DLLPClassifier().fit(X, props, bags=bags)
    for ids in (names, pd.Series(names), names.astype(object)):
        est = DLLPClassifier().fit(X, props, bags=ids)
        np.testing.assert_allclose(est.coef_, ref.coef_)
    assert bag_proportion_error(props, ref.predict_proba(X)[:, 1], bags=names) == (
        pytest.approx(bag_proportion_error(props, ref.predict_proba(X)[:, 1], bags=bags)))


@pytest.mark.parametrize("est", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_bad_llp_input_gets_clear_errors(est):
    X, props, bags = _data()
    bad = props.copy()
    bad[bags == bags[0]] = 1.5
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        est.fit(X, bad, bags=bags)
    bad = props.copy()
    bad[np.flatnonzero(bags == bags[0])[0]] = 0.0 if props[0] > 0 else 0.25
    with pytest.raises(ValueError, match="same proportion"):
        est.fit(X, bad, bags=bags)
    nan_bags = bags.astype(float)
    nan_bags[3] = np.nan
    with pytest.raises(ValueError, match="missing"):
        est.fit(X, props, bags=nan_bags)
    with pytest.raises(ValueError, match="one bag id per row"):
        est.fit(X, props, bags=bags[:-1])
    with pytest.raises(ValueError, match="continuous.*bags="):
        est.fit(X, np.full(24, 0.5))  # proportions but no bags
    with pytest.raises(ValueError, match="one class"):
        est.fit(X, np.zeros(24), bags=bags)
    with pytest.raises(TypeError, match="integer bag ids"):
        est.fit(X, props, bags=np.full(24, 1 + 2j))


def test_proportion_that_is_not_k_over_bag_size_is_rounded_with_a_warning():
    X, props, bags = _data()
    noisy = props + 0.03 * (bags % 2)  # bags of 4: 0.03 off the grid k/4
    with pytest.warns(UserWarning, match="not k/\\|B\\|"):
        est = DLLPClassifier().fit(X, noisy, bags=bags)
    ref = DLLPClassifier().fit(X, props, bags=bags)
    np.testing.assert_allclose(est.coef_, ref.coef_)


def test_bag_proportion_error_against_groupby():
    rng = np.random.RandomState(1)
    y = rng.randint(0, 2, 50)
    bags, props = make_bags(y, 7, random_state=1)
    prob = rng.uniform(size=50)
    frame = pd.DataFrame({"b": bags, "p": props, "q": prob}).groupby("b").mean()
    expected = np.mean(np.abs(frame["p"] - frame["q"]))
    assert bag_proportion_error(props, prob, bags=bags) == pytest.approx(expected)
    two_cols = np.column_stack([1 - prob, prob])
    assert bag_proportion_error(props, two_cols, bags=bags) == pytest.approx(expected)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=2, max_size=40), st.integers(1, 9))
def test_make_bags_output_is_zero_error_at_the_truth_and_bounded(labels, size):
    y = np.array(labels)
    bags, props = make_bags(y, size, random_state=0)
    _check_zero_at_truth_and_bounded(y, bags, props)


@settings(max_examples=60, deadline=None)
@given(bagged_proportions(max_bags=10, max_bag_size=20))
def test_bag_proportion_error_on_arbitrary_bags(data):
    # bags of any sizes, rows of a bag scattered, ids not 0..B-1 in order
    bags, props, y = data
    _check_zero_at_truth_and_bounded(y, bags, props)
    # one bag-level error per bag, averaged: each wrong-sided row moves its
    # bag's error by 1 / |B|
    sizes = np.bincount(np.unique(bags, return_inverse=True)[1])
    shifted = y.astype(float)
    shifted[0] = 1.0 - shifted[0]
    expected = 1.0 / sizes[np.unique(bags, return_inverse=True)[1][0]] / sizes.size
    assert bag_proportion_error(props, shifted, bags=bags) == pytest.approx(expected)


def _check_zero_at_truth_and_bounded(y, bags, props):
    assert bag_proportion_error(props, props, bags=bags) == pytest.approx(0.0, abs=1e-12)
    assert bag_proportion_error(props, y.astype(float), bags=bags) == pytest.approx(0.0, abs=1e-12)
    assert 0 <= bag_proportion_error(props, 1.0 - y, bags=bags) <= 1


def test_bag_proportion_error_rejects_bad_input():
    with pytest.raises(TypeError, match="bags="):
        bag_proportion_error([0.5], [0.5], bags=None)
    with pytest.raises(ValueError, match="size 0"):
        bag_proportion_error([], [], bags=[])
    with pytest.raises(ValueError, match="NaN"):
        bag_proportion_error([0.5, 0.5], [np.nan, 0.2], bags=[0, 0])


def test_bag_scorer_needs_metadata_routing():
    with pytest.raises(RuntimeError, match="enable_metadata_routing"):
        make_bag_scorer()


def test_feature_correlated_bags_break_ties_of_the_projection_at_random():
    # Identical rows project to the same key: which bag each lands in must
    # be random (documented), not the input order.
    y = np.tile([0, 1, 1], 10)
    X = np.ones((30, 2))
    bags, props = make_bags(y, bag_size=5, random_state=0, X=X)
    assert not np.array_equal(bags, np.arange(30) // 5)
    np.testing.assert_array_equal(np.bincount(bags), np.full(6, 5))
    other, _ = make_bags(y, bag_size=5, random_state=1, X=X)
    assert not np.array_equal(bags, other)
