"""Numerical kernels shared by the estimators (private).

Each solver is a plain function on NumPy/SciPy arrays: no estimator objects
inside, so it can be tested against a reference and benchmarked on its own.
"""
