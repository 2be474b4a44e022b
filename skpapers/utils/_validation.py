"""Input checks shared by every estimator: messages that name the argument.

scikit-learn's :func:`~sklearn.utils.validation.validate_data` converts its
input with NumPy and pandas, whose messages do not say which argument or
column is wrong ("could not convert string to float: 'lo'", "boolean value
of NA is ambiguous", "'<' not supported between instances of 'int' and
'str'"). The checks here run first and raise a ``ValueError`` that names the
argument, the column or label, and what was expected. They read their input
and never modify it.
"""

import numbers

import numpy as np
import pandas as pd
from sklearn.utils.validation import validate_data

__all__ = ["check_class_labels", "check_numeric_columns", "validate_numeric_data"]

# how many offending columns or rows a message lists
_SHOW = 5


def _first_non_numeric(values):
    """First string entry of a 1-D object column that is not a number, or None.

    Only text is looked for: other objects (a dict, a list) are left to
    scikit-learn, whose TypeError already says a number was expected.
    """
    for value in values:
        if isinstance(value, (str, bytes, np.str_, np.bytes_)):
            try:
                float(value)
            except ValueError:
                return value
    return None


def check_numeric_columns(X, *, input_name="X"):
    """Raise a ValueError naming the columns of ``X`` that hold non-numbers.

    Parameters
    ----------
    X : object
        Anything :func:`~sklearn.utils.validation.validate_data` takes. Only
        a pandas DataFrame and a 2-D NumPy array of object or string dtype
        are inspected; anything else passes unchanged (numeric arrays, sparse
        matrices, lists are left to scikit-learn's own checks).
    input_name : str, default="X"
        Name of the argument, used in the message.

    Raises
    ------
    ValueError
        When a column holds a string (or another value that is not a
        number), e.g. a DataFrame column of labels ``"lo"``/``"hi"``. The
        message names the column (its name in a DataFrame, its index in an
        array), its dtype and one offending value.

    Examples
    --------
    >>> import pandas as pd
    >>> from skpapers.utils._validation import check_numeric_columns
    >>> X = pd.DataFrame({"age": [31, 45], "level": ["lo", "hi"]})
    >>> check_numeric_columns(X)
    Traceback (most recent call last):
    ...
    ValueError: X column 'level' (dtype ...) holds non-numeric values such as 'lo'; ...
    """
    if isinstance(X, pd.DataFrame):
        columns = [
            (name, X[name] if X.columns.is_unique else X.iloc[:, pos], dtype)
            for pos, (name, dtype) in enumerate(zip(X.columns, X.dtypes))
            if not (
                pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
            )
        ]
        label = "column {!r}"
    elif isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype.kind in "OUS":
        columns = [(pos, X[:, pos], X.dtype) for pos in range(X.shape[1])]
        label = "column {}"
    else:
        return
    bad = []
    for name, values, dtype in columns:
        example = _first_non_numeric(np.asarray(values, dtype=object).ravel())
        if example is not None:
            bad.append((name, dtype, example))
    if not bad:
        return
    name, dtype, example = bad[0]
    more = ""
    if len(bad) > 1:
        others = ", ".join(repr(b[0]) for b in bad[1:_SHOW + 1])
        more = f" (also column(s) {others})"
    raise ValueError(
        f"{input_name} {label.format(name)} (dtype {dtype}) holds non-numeric "
        f"values such as {example!r}{more}; this estimator needs numeric "
        f"features: encode such columns first (e.g. with "
        "sklearn.preprocessing.OneHotEncoder or OrdinalEncoder)."
    )


def check_class_labels(y, *, input_name="y"):
    """Raise a ValueError for missing or mixed-type class labels.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels. Only object-dtype labels (and pandas columns of object,
        string or categorical dtype) can hold these faults; numeric labels
        pass unchanged.
    input_name : str, default="y"
        Name of the argument, used in the message.

    Returns
    -------
    None

    Raises
    ------
    ValueError
        When a label is missing (``None``, ``NaN``, ``pd.NA``, ``NaT``) or
        when labels mix strings with numbers (``['0', 0]``): such labels have
        no order, and the message lists the rows or types at fault.

    Examples
    --------
    >>> from skpapers.utils._validation import check_class_labels
    >>> check_class_labels(["a", "b", "a"])
    >>> check_class_labels(["0", 0, "1"])
    Traceback (most recent call last):
    ...
    ValueError: y mixes labels of types int and str (e.g. 0 and '0'); ...
    """
    if isinstance(y, (pd.Series, pd.DataFrame, pd.Index, pd.Categorical)):
        values = np.asarray(y, dtype=object)
    else:
        if not hasattr(y, "__len__") or isinstance(y, str):
            return  # scikit-learn's own checks reject it with its message
        try:
            values = np.asarray(y)
            if isinstance(y, list) and values.dtype.kind in "US":
                # NumPy turns the list ['0', 0] into two equal strings: look
                # at the Python values themselves
                values = np.asarray(y, dtype=object)
        except (TypeError, ValueError):
            return
        if values.dtype.kind != "O":
            return
    values = values.ravel()
    if values.size == 0:
        return
    missing = np.asarray(pd.isna(values), dtype=bool)
    if missing.any():
        rows = np.flatnonzero(missing)
        raise ValueError(
            f"{input_name} has missing labels (None, NaN or pd.NA) at rows "
            f"{rows[:_SHOW].tolist()}{' ...' if rows.size > _SHOW else ''}; "
            "drop those rows or give them a label."
        )
    kinds = {}
    for value in values:
        kind = "str" if isinstance(value, (str, np.str_)) else (
            "number" if isinstance(value, (numbers.Number, np.bool_)) else
            type(value).__name__
        )
        kinds.setdefault(kind, value)
    if len(kinds) > 1:
        examples = sorted(kinds.values(), key=lambda v: type(v).__name__)
        types = " and ".join(type(v).__name__ for v in examples)
        shown = " and ".join(repr(v) for v in examples)
        raise ValueError(
            f"{input_name} mixes labels of types {types} (e.g. {shown}); "
            f"the values of {input_name} must all be strings or all be numbers."
        )


def validate_numeric_data(estimator, X="no_validation", y="no_validation", **kwargs):
    """:func:`~sklearn.utils.validation.validate_data` after the checks above.

    Parameters
    ----------
    estimator : estimator instance
        The estimator being fitted or used (``n_features_in_`` and
        ``feature_names_in_`` are set or checked on it).
    X, y : see :func:`~sklearn.utils.validation.validate_data`
        ``X`` goes through :func:`check_numeric_columns` first. ``y`` is not
        checked for labels here: regressors and LLP proportions are not
        labels; classifiers call :func:`check_class_labels` themselves.
    **kwargs : dict
        Passed to ``validate_data``.

    Returns
    -------
    The return value of ``validate_data``.

    Raises
    ------
    ValueError
        As :func:`check_numeric_columns` and ``validate_data``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from skpapers.utils._validation import validate_numeric_data
    >>> validate_numeric_data(LinearRegression(), np.eye(2)).shape
    (2, 2)
    """
    if not (isinstance(X, str) and X == "no_validation"):
        check_numeric_columns(X)
    return validate_data(estimator, X=X, y=y, **kwargs)
