"""Scorers for ``scoring=`` in GridSearchCV, cross_validate, ..."""

import copy

from sklearn.metrics import get_scorer as _sklearn_get_scorer
from sklearn.metrics import make_scorer

from skpapers.metrics._ranking import auprc_score, auroc_score

# Same response methods as scikit-learn's "roc_auc" / "average_precision":
# decision_function when the estimator has one, else predict_proba.
_RESPONSE = ("decision_function", "predict_proba")

auroc_scorer = make_scorer(auroc_score, response_method=_RESPONSE)
auprc_scorer = make_scorer(auprc_score, response_method=_RESPONSE)

_SCORERS = {"auroc": auroc_scorer, "auprc": auprc_scorer}


def get_scorer(scoring):
    """Scorer from a name: skpapers' ``"auroc"``/``"auprc"`` or any sklearn name.

    Parameters
    ----------
    scoring : str or callable
        ``"auroc"`` or ``"auprc"`` for skpapers' scorers; another string is
        looked up with :func:`sklearn.metrics.get_scorer`; a callable is
        returned unchanged.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y)``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from skpapers.metrics import get_scorer
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> scores = cross_val_score(LogisticRegression(), X, y, cv=3,
    ...                          scoring=get_scorer("auprc"))
    >>> scores.shape
    (3,)
    """
    if callable(scoring):
        return scoring
    if isinstance(scoring, str) and scoring in _SCORERS:
        # a copy, as sklearn's get_scorer: set_score_request on the result
        # must not change the shared scorer
        return copy.deepcopy(_SCORERS[scoring])
    try:
        return _sklearn_get_scorer(scoring)
    except ValueError as exc:
        raise ValueError(
            f"{scoring!r} is not a known scorer: use 'auroc', 'auprc' or a name "
            "from sklearn.metrics.get_scorer_names()."
        ) from exc
