"""Naive Bayes classifiers (generative vs discriminative, Zheng et al. 2023)."""

from skpapers.naive_bayes._pooled_gaussian import PooledGaussianNB

__all__ = ["PooledGaussianNB"]
