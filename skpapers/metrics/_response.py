"""Scores of a fitted binary classifier, for the displays' ``from_estimator``."""

import numpy as np
from sklearn.utils.validation import check_is_fitted


def binary_scores(estimator, X, pos_label=None):
    """Positive-class scores: ``decision_function``, else ``predict_proba``.

    Returns ``(scores, pos_label)``; ``pos_label=None`` takes
    ``estimator.classes_[1]`` (the greater label, as the metrics do).
    """
    check_is_fitted(estimator)
    classes = getattr(estimator, "classes_", None)
    if classes is None or len(classes) != 2:
        raise ValueError(
            "estimator must be a fitted binary classifier (two classes_); got "
            f"classes_={classes!r}."
        )
    if pos_label is None:
        pos_label = classes[1]
    elif pos_label not in classes:
        raise ValueError(f"pos_label={pos_label!r} is not in classes_ {list(classes)}.")
    col = int(np.flatnonzero(classes == pos_label)[0])
    if hasattr(estimator, "decision_function"):
        scores = np.asarray(estimator.decision_function(X), dtype=float)
        return (scores if col == 1 else -scores), pos_label
    if hasattr(estimator, "predict_proba"):
        return np.asarray(estimator.predict_proba(X))[:, col], pos_label
    raise TypeError(
        f"{type(estimator).__name__} has neither decision_function nor predict_proba."
    )
