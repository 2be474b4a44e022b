"""make_gaussian_mixture_classification: moments and the exact Bayes error."""

import numpy as np
import pytest
from scipy.stats import norm

from skpapers.datasets import make_gaussian_mixture_classification
from skpapers.datasets._gaussian_mixture import gaussian_mixture_covariance


@pytest.mark.parametrize("covariance", ["easy", "hard"])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_bayes_error_matches_monte_carlo(covariance, n_classes):
    n = 12
    X, y, bayes = make_gaussian_mixture_classification(
        100_000, n_features=n, n_classes=n_classes, covariance=covariance,
        return_bayes_error=True, random_state=1)
    # the Bayes rule with the true parameters (shared covariance: linear)
    cov = gaussian_mixture_covariance(n, covariance)
    offsets = np.array([-1.0, 1.0, 2.0])[:n_classes]
    means = offsets[:, None] * np.ones(n)
    W = np.linalg.solve(cov, means.T).T
    scores = X @ W.T - 0.5 * np.einsum("kj,kj->k", W, means)
    err = np.mean(np.argmax(scores, axis=1) != y)
    se = np.sqrt(bayes * (1 - bayes) / len(y))
    assert abs(err - bayes) < 4 * se + 1e-4


def test_two_class_closed_form():
    # Phi(-sqrt(q)), q = 1' S^-1 1 = (n/2)/n + n/2 for the easy covariance
    n = 10
    *_, bayes = make_gaussian_mixture_classification(
        10, n_features=n, return_bayes_error=True, random_state=0)
    assert bayes == pytest.approx(norm.cdf(-np.sqrt(0.5 + n / 2)), rel=1e-12)


@pytest.mark.parametrize("covariance", ["easy", "hard"])
def test_moments(covariance):
    n = 6
    X, y = make_gaussian_mixture_classification(
        60_000, n_features=n, n_classes=3, covariance=covariance, random_state=0)
    assert np.bincount(y).tolist() == [20_000] * 3
    cov = gaussian_mixture_covariance(n, covariance)
    for k, mu in enumerate([-1.0, 1.0, 2.0]):
        Xk = X[y == k]
        np.testing.assert_allclose(Xk.mean(axis=0), mu, atol=5 * np.sqrt(cov.max() / 2e4))
        np.testing.assert_allclose(np.cov(Xk.T), cov, atol=0.08 * cov.max())
    assert np.all(np.linalg.eigvalsh(cov) > 0)
    if covariance == "hard":
        assert np.abs(cov - np.diag(np.diag(cov))).max() > 0.5


def test_reproducible_and_validated():
    a = make_gaussian_mixture_classification(50, n_features=3, random_state=5)
    b = make_gaussian_mixture_classification(50, n_features=3, random_state=5)
    np.testing.assert_array_equal(a[0], b[0])
    X, y = make_gaussian_mixture_classification(7, n_features=2, n_classes=3,
                                                shuffle=False, random_state=0)
    assert y.tolist() == [0, 0, 0, 1, 1, 2, 2]
    with pytest.raises(ValueError, match="n_classes"):
        make_gaussian_mixture_classification(10, n_classes=1)
    with pytest.raises(ValueError, match="covariance"):
        make_gaussian_mixture_classification(10, covariance="medium")


def test_hard_covariance_adds_the_easy_diagonal_to_a_gram_matrix():
    # A'A + D with D the "easy" diagonal (entries >= 1): by Weyl's inequality
    # every eigenvalue is >= 1, and the diagonal exceeds the easy one.
    for p in (4, 10, 21):
        easy = gaussian_mixture_covariance(p, "easy")
        hard = gaussian_mixture_covariance(p, "hard", random_state=3)
        np.testing.assert_allclose(hard, hard.T)
        assert np.linalg.eigvalsh(hard).min() >= 1.0 - 1e-10
        assert np.all(np.diag(hard) > np.diag(easy))
        assert np.abs(hard - np.diag(np.diag(hard))).max() > 0.1  # correlated
