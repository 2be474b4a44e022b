"""The supervised learner of BeliefPropagationLLP: fitting and embeddings."""

import numpy as np
from scipy.special import expit
from sklearn import get_config
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import has_fit_parameter

_ACTIVATIONS = {
    "identity": lambda a: a,
    "logistic": expit,
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0.0),
}


def seed_learner(learner, rng):
    """Give every ``random_state`` parameter of ``learner`` a seed from ``rng``."""
    params = learner.get_params(deep=True)
    seeds = {key: int(rng.randint(np.iinfo(np.int32).max))
             for key in sorted(params) if key.endswith("random_state")}
    if seeds:
        learner.set_params(**seeds)
    return learner


def fit_learner(learner, X, proba, soft):
    """Fit on hard pseudo-labels, or on soft ones as sample weights.

    Soft labels duplicate every row: once as positive with weight ``p_i``,
    once as negative with weight ``1 - p_i``.
    """
    if not soft:
        labels = (proba >= 0.5).astype(np.int64)
        return learner.fit(X, labels)
    n = X.shape[0]
    X2 = np.vstack([X, X])
    y2 = np.r_[np.ones(n, np.int64), np.zeros(n, np.int64)]
    w2 = np.r_[proba, 1.0 - proba]
    if isinstance(learner, Pipeline) and not get_config()["enable_metadata_routing"]:
        key = f"{learner.steps[-1][0]}__sample_weight"
        return learner.fit(X2, y2, **{key: w2})
    final = learner.steps[-1][1] if isinstance(learner, Pipeline) else learner
    if not has_fit_parameter(final, "sample_weight"):
        raise ValueError(
            "soft_labels=True needs an estimator whose fit takes sample_weight; "
            f"{type(final).__name__} does not."
        )
    return learner.fit(X2, y2, sample_weight=w2)


def hidden_embedding(learner, X):
    """Last hidden layer's activations of a fitted MLP-like learner, or None.

    Works for any fitted estimator with ``coefs_``, ``intercepts_`` and
    ``activation`` (scikit-learn's MLPs), alone or as a Pipeline's last step.
    """
    if isinstance(learner, Pipeline):
        for _, step in learner.steps[:-1]:
            if step is not None and step != "passthrough":
                X = step.transform(X)
        learner = learner.steps[-1][1]
    coefs = getattr(learner, "coefs_", None)
    intercepts = getattr(learner, "intercepts_", None)
    act = _ACTIVATIONS.get(getattr(learner, "activation", None))
    if coefs is None or intercepts is None or act is None or len(coefs) < 2:
        return None
    h = np.asarray(X, dtype=np.float64)
    for W, b in zip(coefs[:-1], intercepts[:-1]):
        h = act(h @ W + b)
    return h
