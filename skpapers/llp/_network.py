"""The multilayer perceptron the LLP classifiers share (loss chosen by the caller)."""

import numpy as np
from scipy.special import expit

from .._solvers.mlp import mlp_forward, train_mlp

#: the network of every LLP learner: the default of BeliefPropagationLLP
DEFAULT_HIDDEN = (64, 32)


class BagNetwork:
    """A fitted ReLU network with one logit, trained on a loss of bags.

    Not an estimator: the LLP classifiers build one, call :meth:`fit` with
    their loss and keep it. ``coefs_``, ``intercepts_`` and ``activation``
    follow scikit-learn's MLP, so its hidden layer is read the same way.
    """

    activation = "relu"
    classes_ = np.array([0, 1])

    def __init__(self, hidden_layer_sizes=DEFAULT_HIDDEN, *, alpha=1e-4,
                 batch_size=200, learning_rate=1e-3, max_iter=100,
                 early_stopping=True, random_state=None):
        self.hidden_layer_sizes = tuple(hidden_layer_sizes)
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.early_stopping = early_stopping
        self.random_state = random_state

    def fit(self, X, bag_index, loss):
        """Train on ``loss(logit, rows) -> (value, dlogit)`` (see ``train_mlp``)."""
        rng = np.random.RandomState(self.random_state)
        self.coefs_, self.intercepts_, self.n_iter_, self.loss_curve_ = train_mlp(
            X, bag_index, loss, hidden_layer_sizes=self.hidden_layer_sizes,
            alpha=self.alpha, batch_size=self.batch_size,
            learning_rate=self.learning_rate, max_iter=self.max_iter,
            early_stopping=self.early_stopping, random_state=rng,
        )
        return self

    def decision_function(self, X):
        return mlp_forward(self.coefs_, self.intercepts_, X)

    def predict_proba(self, X):
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])
