"""A small ReLU network with one logit, trained by Adam on whole bags.

The LLP learners share it so that they differ only in their loss
(:mod:`skpapers._solvers.llp_losses`): DLLP's bag-level cross-entropy,
EasyLLP's debiased instance loss, or BP's pseudo-labels. Mini-batches are
made of whole bags, so a bag-level loss sees every member of its bags.

The optimiser follows scikit-learn's ``MLPClassifier`` defaults (Glorot
uniform initialisation, Adam with learning rate 1e-3, L2 penalty ``alpha``
divided by the batch size, early stopping on a held-out tenth of the bags
that keeps the best weights), so an LLP model and a supervised
``MLPClassifier`` of the same shape are trained the same way.
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

__all__ = ["mlp_forward", "mlp_hidden", "train_mlp"]

#: early stopping needs at least this many held-out bags
_MIN_VALIDATION_BAGS = 10


def _init(layer_sizes, rng):
    """Glorot-uniform weights, as scikit-learn initialises ReLU layers."""
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        coefs.append(rng.uniform(-bound, bound, (fan_in, fan_out)))
        intercepts.append(rng.uniform(-bound, bound, fan_out))
    return coefs, intercepts


def _forward(coefs, intercepts, X):
    """Activations of every layer (input first) and the output logit."""
    acts = [X]
    for W, b in zip(coefs[:-1], intercepts[:-1]):
        acts.append(np.maximum(acts[-1] @ W + b, 0.0))
    logit = acts[-1] @ coefs[-1][:, 0] + intercepts[-1][0]
    return acts, logit


def mlp_forward(coefs, intercepts, X):
    """Output logit of each row, shape ``(n_samples,)``."""
    return _forward(coefs, intercepts, X)[1]


def mlp_hidden(coefs, intercepts, X):
    """Last hidden layer's activations, shape ``(n_samples, width)``."""
    return _forward(coefs, intercepts, X)[0][-1]


def _backward(coefs, acts, dlogit, alpha, n_rows):
    """Gradients of ``loss + alpha/(2 n_rows) sum ||W||^2`` (``dlogit`` given)."""
    grads_W, grads_b = [None] * len(coefs), [None] * len(coefs)
    delta = dlogit[:, None]
    for layer in range(len(coefs) - 1, -1, -1):
        grads_W[layer] = acts[layer].T @ delta + (alpha / n_rows) * coefs[layer]
        grads_b[layer] = delta.sum(axis=0)
        if layer:
            delta = (delta @ coefs[layer].T) * (acts[layer] > 0)
    return grads_W, grads_b


def _penalty(coefs, alpha, n_rows):
    return 0.5 * alpha * sum(float(np.sum(W * W)) for W in coefs) / n_rows


class _Adam:
    """Adam (Kingma & Ba 2015) with scikit-learn's default constants."""

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, params, grads):
        self.t += 1
        lr = self.lr * np.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= lr * m / (np.sqrt(v) + self.eps)


def _bag_batches(bag_ids, rows_by_bag, batch_size, rng):
    """Shuffled batches of whole bags with about ``batch_size`` rows each."""
    order = rng.permutation(bag_ids)
    batch, n_rows = [], 0
    for bag in order:
        batch.append(rows_by_bag[bag])
        n_rows += rows_by_bag[bag].size
        if n_rows >= batch_size:
            yield np.concatenate(batch)
            batch, n_rows = [], 0
    if batch:
        yield np.concatenate(batch)


def train_mlp(
    X,
    bag_index,
    loss,
    *,
    hidden_layer_sizes=(64, 32),
    alpha=1e-4,
    batch_size=200,
    learning_rate=1e-3,
    max_iter=100,
    tol=1e-4,
    n_iter_no_change=5,
    early_stopping=True,
    validation_fraction=0.1,
    random_state=None,
):
    """Fit the network to ``loss`` by Adam on mini-batches of whole bags.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    bag_index : ndarray of shape (n_samples,), int
        Bag of each row in ``0 .. n_bags - 1``.
    loss : callable
        ``loss(logit, rows) -> (value, dlogit)``: the mean loss over the rows
        ``rows`` (indices into ``X``, whole bags) given their logits, and its
        gradient with respect to each logit.
    hidden_layer_sizes : tuple of int, default=(64, 32)
    alpha : float, default=1e-4
        L2 penalty (divided by the batch's row count, as scikit-learn does).
    batch_size : int, default=200
        Rows per batch; a batch holds whole bags, at least one.
    learning_rate : float, default=1e-3
    max_iter : int, default=100
        Epochs.
    tol : float, default=1e-4
        Minimum improvement of the monitored loss.
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping.
    early_stopping : bool, default=True
        Monitor the loss on ``validation_fraction`` of the bags and keep the
        weights of the best epoch. Needs at least 10 validation bags (a bag
        loss measured on fewer is noise: on 35 bags of 128 rows, early
        stopping on 4 of them kept a network of test AUC 0.35-0.69 where
        training on, monitored by the training loss, reached 0.85); with
        fewer bags the training loss is monitored and the last epoch kept.
    validation_fraction : float, default=0.1
    random_state : numpy.random.RandomState

    Returns
    -------
    coefs, intercepts : list of ndarray
        Weights and biases per layer; the last layer has one output.
    n_iter : int
        Epochs run.
    loss_curve : list of float
        Mean training loss per epoch.
    """
    rng = random_state
    n, p = X.shape
    coefs, intercepts = _init([p, *hidden_layer_sizes, 1], rng)
    n_bags = int(bag_index.max()) + 1
    order = np.argsort(bag_index, kind="stable")
    bounds = np.cumsum(np.bincount(bag_index, minlength=n_bags))[:-1]
    rows_by_bag = np.split(order, bounds)
    bag_ids = np.flatnonzero(np.bincount(bag_index, minlength=n_bags))
    val_rows = None
    n_val = int(round(validation_fraction * bag_ids.size))
    if early_stopping and n_val >= _MIN_VALIDATION_BAGS:
        shuffled = rng.permutation(bag_ids)
        val_rows = np.concatenate([rows_by_bag[b] for b in shuffled[:n_val]])
        bag_ids = shuffled[n_val:]
    params = coefs + intercepts
    adam = _Adam(params, learning_rate)
    best, best_params, stall, curve = np.inf, None, 0, []
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        total, seen = 0.0, 0
        for rows in _bag_batches(bag_ids, rows_by_bag, batch_size, rng):
            acts, logit = _forward(coefs, intercepts, X[rows])
            value, dlogit = loss(logit, rows)
            gW, gb = _backward(coefs, acts, dlogit, alpha, rows.size)
            adam.step(params, gW + gb)
            total += (value + _penalty(coefs, alpha, rows.size)) * rows.size
            seen += rows.size
        curve.append(total / seen)
        if not np.isfinite(curve[-1]):
            raise FloatingPointError(
                "the network's training loss is not finite; standardise X or "
                "lower learning_rate."
            )
        if val_rows is not None:
            score = loss(mlp_forward(coefs, intercepts, X[val_rows]), val_rows)[0]
        else:
            score = curve[-1]
        if score < best - tol:
            stall = 0
        else:
            stall += 1
        if score < best:
            best = score
            best_params = [q.copy() for q in params]
        if stall >= n_iter_no_change:
            break
    else:
        if max_iter >= n_iter_no_change:
            warnings.warn(
                f"The network's loss was still improving after max_iter={max_iter} "
                "epochs; the best epoch's weights are kept. Raise max_iter to "
                "train longer.",
                ConvergenceWarning,
            )
    if val_rows is not None and best_params is not None:
        for q, b in zip(params, best_params):
            q[...] = b
    k = len(coefs)
    return params[:k], params[k:], n_iter, curve
