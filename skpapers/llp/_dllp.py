"""DLLPClassifier: a logistic model or an MLP trained on bag proportions."""

from .._solvers.llp_losses import bag_cross_entropy
from ._loss_model import LossModelLLP


class DLLPClassifier(LossModelLLP):
    """Model fitted by matching bag proportions (DLLP).

    The standard LLP baseline (Ardehaly & Culotta 2017, "DLLP"): a model
    ``P(y=1|x) = sigmoid(f(x))`` is trained so that, in every bag, the mean
    predicted probability matches the bag's known proportion. The loss is the
    bag-level cross-entropy, each bag weighted by its size::

        sum_B |B| * [-p_B log pbar_B - (1 - p_B) log(1 - pbar_B)],
        pbar_B = mean_{i in B} sigmoid(f(x_i)).

    ``learner="logistic"``: ``f(x) = x.w + b``, loss times ``C`` plus
    ``0.5 ||w||^2``, minimised exactly by L-BFGS (with bags of one row this is
    ``LogisticRegression(C=C)``). ``learner="mlp"``: ``f`` is the ReLU network
    that :class:`BeliefPropagationLLP` trains by default (same layers, Adam,
    L2 ``alpha``, early stopping on held-out bags), trained on mini-batches
    of whole bags, as in the LLP-BP paper's DLLP baseline.

    Parameters
    ----------
    learner : {"logistic", "mlp"}, default="logistic"
        Model family.
    C : float, default=1.0
        Inverse strength of the L2 penalty on ``w`` (``np.inf``: none);
        logistic only.
    fit_intercept : bool, default=True
        Fit ``b`` (never penalised); logistic only.
    hidden_layer_sizes : tuple of int, default=(64, 32)
        Hidden layers; mlp only.
    alpha : float, default=1e-4
        L2 penalty of the network (scikit-learn's ``MLPClassifier`` scale);
        mlp only.
    max_iter : int, default=None
        L-BFGS iterations (logistic, ``None``: 1000) or epochs (mlp,
        ``None``: 100).
    tol : float, default=1e-6
        L-BFGS gradient tolerance; logistic only.
    random_state : int, RandomState instance or None, default=None
        Seeds the network's weights and batches; mlp only.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        ``[0, 1]`` when fitted on bags; the labels of ``y`` when ``bags=None``.
    coef_ : ndarray of shape (1, n_features) or None
        Logistic weights (``None`` for the mlp).
    intercept_ : ndarray of shape (1,) or None
    network_ : object or None
        The fitted network (``coefs_``, ``intercepts_`` per layer), mlp only.
    n_iter_ : int
        L-BFGS iterations or epochs run.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when ``X`` has string column names.

    Raises
    ------
    ValueError
        If ``y`` is not a valid proportion per bag, or ``hidden_layer_sizes``
        is not a tuple of positive ints.

    See Also
    --------
    BeliefPropagationLLP : pseudo-labels by belief propagation, then a learner.
    EasyLLPClassifier : debiased instance loss from bag proportions.

    Notes
    -----
    ``fit(X, y, bags=...)``: ``y`` holds, per row, the positive proportion of
    the row's bag. With ``bags=None`` each row is its own bag and ``y`` holds
    binary labels. Standardise ``X`` for the mlp (e.g. in a ``Pipeline``).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skpapers.llp import DLLPClassifier, make_bags
    >>> X, y = make_classification(n_samples=400, random_state=0)
    >>> bags, proportions = make_bags(y, bag_size=8, random_state=0)
    >>> clf = DLLPClassifier().fit(X, proportions, bags=bags)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    >>> mlp = DLLPClassifier(learner="mlp", random_state=0).fit(X, proportions, bags=bags)
    >>> mlp.predict(X[:3]).shape
    (3,)
    """

    def _loss(self, t):
        p_bag = t.counts / t.sizes
        bag_index = t.bag_index
        return lambda z, rows: bag_cross_entropy(z, bag_index[rows], p_bag)
