"""How the common test-suite builds and feeds each public estimator.

A new estimator is picked up automatically once it is exported from a public
subpackage. Only when it needs constructor arguments, special fit data or an
expected check failure does it add a line here.
"""

import numpy as np
from sklearn.datasets import make_blobs

from skpapers.utils.discovery import _estimator_type, all_estimators

# class name -> constructor arguments used by the common checks (fast settings)
INIT_PARAMS = {
    # a short path and three folds keep the many small common checks fast
    "PrestoClassifierCV": {"alphas": 5, "cv": 3},
    # the unpenalised default has no maximum likelihood estimate on separable
    # data (the sample-weight check fits 15 samples with 30 features); a ridge
    # penalty makes the solution unique
    "ProportionalOddsClassifier": {"penalty": "l2"},
    "SMOTENC": {"categorical_features": [0]},
    "SDPKMeans": {"n_clusters": 3, "n_init": 3, "random_state": 0},
    "ILASDP": {"n_clusters": 3, "max_iter": 5, "tol": 1e-3, "random_state": 0},
}

# class name -> {check name: reason}; keep this almost empty, with reasons.
EXPECTED_FAILED_CHECKS = {}

# (class name, case) -> reason: known failures of the shared bad-input suite
# (issue 13, items 5-9) in areas owned by others; strict xfails, so a fix
# shows as XPASS and its line must be removed.
_ITEM9 = (
    "issue 13 item 9, {owner}: a string column gives pandas' 'could not convert "
    "string to float' without naming X or the column; validate X with "
    "skpapers.utils._validation.validate_numeric_data"
)
BAD_INPUT_XFAIL = {
}

# class name -> callable(n_samples, random_state) -> (X, y, fit_params)
FIT_DATA = {}


def make_instances():
    """One instance of every public estimator, with its test settings."""
    return [cls(**INIT_PARAMS.get(name, {})) for name, cls in all_estimators()]


def expected_failed_checks(estimator):
    """The ``expected_failed_checks`` callback of ``parametrize_with_checks``."""
    return EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {})


def default_fit_data(estimator, n_samples=60, random_state=0):
    """Return ``(X, y, fit_params)`` suited to the kind of estimator.

    Classifiers get three ordered, separable classes (fit for ordinal models),
    samplers an imbalanced binary problem, clusterers three blobs.
    """
    name = type(estimator).__name__
    if name in FIT_DATA:
        return FIT_DATA[name](n_samples, random_state)
    rng = np.random.RandomState(random_state)
    kinds = _estimator_type(type(estimator))
    if "sampler" in kinds:
        n_minority = n_samples // 4
        X = np.vstack(
            [rng.normal(0, 1, (n_samples - n_minority, 4)),
             rng.normal(2, 1, (n_minority, 4))]
        )
        y = np.r_[np.zeros(n_samples - n_minority, int), np.ones(n_minority, int)]
        return X, y, {}
    X, y = make_blobs(
        n_samples=n_samples,
        centers=[[-3, -3, 0], [0, 0, 0], [3, 3, 0]],
        cluster_std=1.0,
        random_state=random_state,
    )
    return X, y, {}


# ---------------------------------------------------------------- llp
def _llp_fit_data(n_samples, random_state):
    """Two blobs in bags of 4 (the first bag pure negative); y = proportions."""
    rng = np.random.RandomState(random_state)
    n_pos = n_samples // 2
    X = np.vstack([rng.normal(-1.5, 1, (n_samples - n_pos, 3)), rng.normal(1.5, 1, (n_pos, 3))])
    labels = np.r_[np.zeros(n_samples - n_pos), np.ones(n_pos)]
    order = np.r_[np.arange(4), 4 + rng.permutation(n_samples - 4)]  # bag 0: negatives
    X, labels = X[order], labels[order]
    bags = np.arange(n_samples) // 4
    proportions = (np.bincount(bags, weights=labels) / np.bincount(bags))[bags]
    return X, proportions, {"bags": bags}


INIT_PARAMS["BeliefPropagationLLP"] = {"n_rounds": 1, "random_state": 0}
INIT_PARAMS["DLLPClassifier"] = {}
FIT_DATA["BeliefPropagationLLP"] = _llp_fit_data
FIT_DATA["DLLPClassifier"] = _llp_fit_data
INIT_PARAMS["EasyLLPClassifier"] = {}
FIT_DATA["EasyLLPClassifier"] = _llp_fit_data
