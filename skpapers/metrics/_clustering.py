"""Permutation-invariant error of a clustering against known labels."""

from scipy.optimize import linear_sum_assignment
from sklearn.metrics.cluster import contingency_matrix
from sklearn.utils.validation import column_or_1d


def misclustering_error(labels_true, labels_pred):
    """Share of points mis-clustered under the best matching of cluster labels.

    The error is ``1 - max_sigma (1/n) sum_i 1[sigma(labels_pred_i) = labels_true_i]``,
    the maximum running over one-to-one maps ``sigma`` from predicted clusters
    to true clusters. The best map is found by the Hungarian algorithm on the
    contingency table (:func:`scipy.optimize.linear_sum_assignment`), so the
    cost is polynomial in the number of clusters. When the two labelings have
    different numbers of clusters, the clusters left unmatched count as errors.
    Labels are arbitrary hashable values; only the partition matters.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        Reference cluster labels.
    labels_pred : array-like of shape (n_samples,)
        Cluster labels to evaluate.

    Returns
    -------
    error : float
        In ``[0, 1 - 1/n_samples]``; 0 means the partitions are identical.

    Examples
    --------
    >>> from skpapers.metrics import misclustering_error
    >>> misclustering_error([0, 0, 1, 1, 2], [1, 1, 0, 0, 0])
    0.2
    """
    labels_true = column_or_1d(labels_true, warn=True)
    labels_pred = column_or_1d(labels_pred, warn=True)
    if labels_true.shape[0] != labels_pred.shape[0]:
        raise ValueError(
            "labels_true and labels_pred must have the same length; got "
            f"{labels_true.shape[0]} and {labels_pred.shape[0]}."
        )
    if labels_true.shape[0] == 0:
        raise ValueError("labels_true is empty; at least one sample is needed.")
    table = contingency_matrix(labels_true, labels_pred)
    rows, cols = linear_sum_assignment(table, maximize=True)
    n = labels_true.shape[0]
    return float((n - table[rows, cols].sum()) / n)
