"""The LLP losses, the shared network and EasyLLP against closed forms and peers."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import approx_fprime
from scipy.special import expit
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier

from skpapers._solvers.bag_messages import exact_bag_messages
from skpapers._solvers.llp_losses import (
    bag_cross_entropy,
    easyllp_targets,
    instance_cross_entropy,
    pooled_bag_cross_entropy,
)
from skpapers._solvers.mlp import _backward, _forward, _init, _penalty
from skpapers.llp import DLLPClassifier, EasyLLPClassifier, make_bags
from skpapers.llp._network import BagNetwork


def _problem(seed, n=24, n_bags=5):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, n)
    bag_index = rng.integers(0, n_bags, n)
    bag_index[:n_bags] = np.arange(n_bags)  # every bag non-empty
    p_bag = rng.uniform(0, 1, n_bags)
    return z, bag_index, p_bag


@pytest.mark.parametrize("loss", [bag_cross_entropy, pooled_bag_cross_entropy])
@pytest.mark.parametrize("seed", range(3))
def test_bag_losses_gradient_matches_finite_differences(loss, seed):
    z, bag_index, p_bag = _problem(seed)
    grad = loss(z, bag_index, p_bag)[1]
    num = approx_fprime(z, lambda v: loss(v, bag_index, p_bag)[0], 1e-7)
    np.testing.assert_allclose(grad, num, rtol=1e-5, atol=1e-7)


@given(st.integers(0, 2**31 - 1))
@settings(max_examples=30, deadline=None)
def test_bag_cross_entropy_is_the_direct_formula(seed):
    z, bag_index, p_bag = _problem(seed)
    expected, expected_pooled = 0.0, 0.0
    for b in np.unique(bag_index):
        members = z[bag_index == b]
        q = expit(members).mean()  # DLLP: mean of the probabilities
        expected += members.size * -(p_bag[b] * np.log(q) + (1 - p_bag[b]) * np.log(1 - q))
        r = expit(members.mean())  # pooled: probability of the mean logit
        expected_pooled += members.size * -(p_bag[b] * np.log(r) + (1 - p_bag[b]) * np.log(1 - r))
    assert bag_cross_entropy(z, bag_index, p_bag)[0] == pytest.approx(expected / z.size, rel=1e-10)
    assert pooled_bag_cross_entropy(z, bag_index, p_bag)[0] == pytest.approx(
        expected_pooled / z.size, rel=1e-10
    )


def test_bag_losses_of_bags_of_one_are_the_instance_log_loss():
    rng = np.random.default_rng(1)
    z, y = rng.normal(0, 4, 30), rng.integers(0, 2, 30).astype(float)
    bags = np.arange(30)
    ref = instance_cross_entropy(z, y)
    for loss in (bag_cross_entropy, pooled_bag_cross_entropy):
        value, dz = loss(z, bags, y)
        assert value == pytest.approx(ref[0], rel=1e-12)
        np.testing.assert_allclose(dz, ref[1], rtol=1e-10, atol=1e-15)


def test_losses_stay_finite_for_huge_logits():
    z = np.array([800.0, -800.0, 30.0, -30.0])
    bags = np.array([0, 0, 1, 1])
    for loss in (bag_cross_entropy, pooled_bag_cross_entropy):
        value, dz = loss(z, bags, np.array([0.5, 0.5]))
        assert np.isfinite(value) and np.all(np.isfinite(dz))
    value, dz = instance_cross_entropy(z, np.array([0.0, 1.0, 0.0, 1.0]))
    assert value == pytest.approx((800 + 800 + 30 + 30) / 4, rel=1e-9)


def test_easyllp_targets_are_unbiased_for_the_labels():
    # E[k (p_B - p) + p | y_i] = y_i for random bags (Busa-Fekete et al. 2023)
    rng = np.random.default_rng(0)
    y = (rng.random(400_000) < 0.3).astype(int)
    bags, props = make_bags(y, 8, random_state=0)
    t = easyllp_targets(props, np.full(y.size, 8.0), y.mean())
    assert t[y == 1].mean() == pytest.approx(1.0, abs=0.01)
    assert t[y == 0].mean() == pytest.approx(0.0, abs=0.01)


def test_network_gradient_matches_finite_differences():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(12, 3))
    target = rng.uniform(size=12)
    coefs, intercepts = _init([3, 4, 3, 1], rng)
    params = coefs + intercepts
    shapes = [p.shape for p in params]
    alpha = 0.3

    def unpack(v):
        out, i = [], 0
        for s in shapes:
            out.append(v[i:i + int(np.prod(s))].reshape(s))
            i += int(np.prod(s))
        return out[:3], out[3:]

    def objective(v):
        cs, bs = unpack(v)
        return instance_cross_entropy(_forward(cs, bs, X)[1], target)[0] + _penalty(cs, alpha, 12)

    v0 = np.concatenate([p.ravel() for p in params])
    acts, logit = _forward(coefs, intercepts, X)
    gW, gb = _backward(coefs, acts, instance_cross_entropy(logit, target)[1], alpha, 12)
    grad = np.concatenate([g.ravel() for g in gW + gb])
    np.testing.assert_allclose(grad, approx_fprime(v0, objective, 1e-7), rtol=1e-4, atol=1e-6)


def test_network_on_labels_learns_like_scikit_learns_mlp():
    X, y = make_classification(n_samples=3000, n_features=10, n_informative=6,
                               random_state=0)
    Xt, yt, X, y = X[:1000], y[:1000], X[1000:], y[1000:]
    ours = BagNetwork(random_state=0).fit(
        X, np.arange(len(y)), lambda z, rows: instance_cross_entropy(z, y[rows].astype(float))
    )
    ref = MLPClassifier((64, 32), early_stopping=True, max_iter=100, n_iter_no_change=5,
                        random_state=0).fit(X, y)
    ours_auc = roc_auc_score(yt, ours.predict_proba(Xt)[:, 1])
    ref_auc = roc_auc_score(yt, ref.predict_proba(Xt)[:, 1])
    assert ours_auc >= ref_auc - 0.01  # trained the same way: no worse


def test_easyllp_with_bags_of_one_is_logistic_regression():
    X, y = make_classification(n_samples=300, n_features=5, random_state=0)
    ours = EasyLLPClassifier(C=0.3, tol=1e-10).fit(X, y.astype(float), bags=np.arange(300))
    ref = LogisticRegression(C=0.3, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-5)


@pytest.mark.parametrize("cls", [DLLPClassifier, EasyLLPClassifier])
def test_mlp_learner_learns_from_bags(cls):
    X, y = make_classification(n_samples=2000, n_features=8, n_informative=5,
                               random_state=1)
    bags, props = make_bags(y[:1500], 8, random_state=0)
    clf = cls(learner="mlp", random_state=0).fit(X[:1500], props, bags=bags)
    assert clf.network_ is not None and clf.coef_ is None
    assert roc_auc_score(y[1500:], clf.predict_proba(X[1500:])[:, 1]) > 0.85
    again = cls(learner="mlp", random_state=0).fit(X[:1500], props, bags=bags)
    np.testing.assert_array_equal(again.predict_proba(X[:5]), clf.predict_proba(X[:5]))


@pytest.mark.parametrize("sizes", [(), (0,), (3.5,), ((2, 2),)])
def test_bad_hidden_layer_sizes_are_named(sizes):
    X, y = make_classification(n_samples=40, random_state=0)
    with pytest.raises(ValueError, match="hidden_layer_sizes must be"):
        DLLPClassifier(learner="mlp", hidden_layer_sizes=sizes).fit(X, y)


def test_exact_bag_messages_with_bags_of_different_sizes_match_direct_sums():
    rng = np.random.default_rng(3)
    sizes = [1, 3, 5, 2]
    bag_index = np.repeat(np.arange(4), sizes)
    perm = rng.permutation(bag_index.size)  # members not stored bag by bag
    bag_index = bag_index[perm]
    cavity = rng.normal(0, 2, bag_index.size)
    counts = np.array([1.0, 2.0, 4.0, 0.0])
    lam = 0.7
    got = exact_bag_messages(cavity, bag_index, counts, lam, 4)
    q = expit(cavity)
    for i in range(bag_index.size):
        others = [j for j in np.flatnonzero(bag_index == bag_index[i]) if j != i]
        h = np.zeros(2)
        for ys in itertools.product([0, 1], repeat=len(others)):
            prob = np.prod([q[j] if v else 1 - q[j] for j, v in zip(others, ys)])
            for yi in (0, 1):
                h[yi] += prob * np.exp(-lam * (sum(ys) + yi - counts[bag_index[i]]) ** 2)
        assert got[i] == pytest.approx(np.log(h[1] / h[0]), abs=1e-10)
