"""EasyLLPClassifier (Busa-Fekete et al., 2023): a debiased instance loss."""

import numpy as np

from .._solvers.llp_losses import easyllp_targets, instance_cross_entropy
from ._loss_model import LossModelLLP


class EasyLLPClassifier(LossModelLLP):
    """Instance log-loss with EasyLLP's debiased soft labels.

    Busa-Fekete, Choi, Dick, Gentile & Medina (2023), "Learning from
    Aggregated Data: Curated Bags versus Random Bags", Eq. 4: every row of a
    bag of size ``k`` and proportion ``p_B`` gets the soft label
    ``t = k (p_B - p) + p``, where ``p`` is the overall proportion, and the
    model minimises the log-loss ``t * (-log s) + (1 - t) * (-log(1 - s))``
    with ``s = sigmoid(f(x))``. For random bags this is an unbiased estimate
    of the instance log-loss; ``t`` leaves [0, 1] once ``k > 1``, so its
    variance grows with the bag size.

    Parameters
    ----------
    learner : {"logistic", "mlp"}, default="logistic"
        Model family: L2 logistic regression fitted by L-BFGS, or the ReLU
        network of :class:`BeliefPropagationLLP` trained by Adam.
    C : float, default=1.0
        Inverse strength of the L2 penalty (logistic only); needed here: the
        loss of a single row with ``t < 0`` is unbounded below.
    fit_intercept : bool, default=True
        Logistic only.
    hidden_layer_sizes : tuple of int, default=(64, 32)
        mlp only.
    alpha : float, default=1e-4
        L2 penalty of the network; mlp only.
    max_iter : int, default=None
        L-BFGS iterations (``None``: 1000) or epochs (``None``: 100).
    tol : float, default=1e-6
        L-BFGS gradient tolerance; logistic only.
    random_state : int, RandomState instance or None, default=None
        mlp only.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
    coef_ : ndarray of shape (1, n_features) or None
    intercept_ : ndarray of shape (1,) or None
    network_ : object or None
    prior_ : float
        Overall positive proportion ``p`` of the training rows.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when ``X`` has string column names.

    Raises
    ------
    ValueError
        If ``y`` is not a valid proportion per bag.

    See Also
    --------
    DLLPClassifier : bag-level cross-entropy.
    BeliefPropagationLLP : pseudo-labels by belief propagation.

    Notes
    -----
    With bags of one row, ``t`` is the label and this is
    ``LogisticRegression(C=C)``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skpapers.llp import EasyLLPClassifier, make_bags
    >>> X, y = make_classification(n_samples=400, random_state=0)
    >>> bags, proportions = make_bags(y, bag_size=8, random_state=0)
    >>> clf = EasyLLPClassifier().fit(X, proportions, bags=bags)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    _batch_by_bags = False

    def _loss(self, t):
        sizes = t.sizes[t.bag_index].astype(np.float64)
        self.prior_ = float(np.mean(t.proportions))
        target = easyllp_targets(t.proportions, sizes, self.prior_)
        return lambda z, rows: instance_cross_entropy(z, target[rows])
