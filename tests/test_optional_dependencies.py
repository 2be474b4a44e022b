"""The package works without its optional extras (cvxpy above all).

Each check runs in a fresh interpreter where ``sys.modules["cvxpy"] = None``
makes ``import cvxpy`` fail, as on a machine with ``pip install skpapers`` and
no ``reference`` extra.
"""

import pathlib
import re
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

_BLOCK_CVXPY = "import sys; sys.modules['cvxpy'] = None\n"


def _run_without_cvxpy(code):
    """Run ``code`` in a subprocess with cvxpy unimportable; return stdout."""
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_CVXPY + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow
def test_every_subpackage_imports_and_every_default_estimator_fits_without_cvxpy():
    out = _run_without_cvxpy(
        """
        import importlib, pkgutil, warnings
        import skpapers
        for info in pkgutil.walk_packages(skpapers.__path__, "skpapers."):
            if info.name != "skpapers.__main__":
                importlib.import_module(info.name)
        from tests.estimator_registry import default_fit_data, make_instances
        warnings.simplefilter("ignore")
        fitted = []
        for est in make_instances():
            X, y, params = default_fit_data(est)
            est.fit(X, y, **params)
            fitted.append(type(est).__name__)
        assert sys.modules["cvxpy"] is None
        print(" ".join(fitted))
        """
    )
    # the loop really reached the estimators that have a cvxpy reference path
    for name in ("PrestoClassifier", "SDPKMeans", "ILASDP", "SMOTE"):
        assert name in out.split()


@pytest.mark.slow
def test_reference_solvers_without_cvxpy_name_the_extra():
    out = _run_without_cvxpy(
        """
        import numpy as np
        from skpapers.cluster import ILASDP, SDPKMeans
        from skpapers.ordinal import PrestoClassifier
        rng = np.random.RandomState(0)
        X = np.r_[rng.normal(-3, 1, (15, 2)), rng.normal(3, 1, (15, 2))]
        y = np.repeat([0, 1, 2], 10)
        for est in [PrestoClassifier(solver="cvxpy"), SDPKMeans(2, solver="cvxpy"),
                    ILASDP(2, solver="cvxpy")]:
            try:
                est.fit(X, y)
            except ImportError as exc:
                print(type(est).__name__, "|", exc)
        """
    )
    lines = out.splitlines()
    assert [line.split(" | ")[0] for line in lines] == [
        "PrestoClassifier", "SDPKMeans", "ILASDP"
    ]
    for line in lines:
        assert "solver='cvxpy' needs cvxpy" in line
        assert "pip install 'skpapers[reference]'" in line


def test_only_the_reference_solvers_import_cvxpy():
    """A static check: no module outside ``_solvers/*cvxpy*`` imports cvxpy."""
    pattern = re.compile(r"^\s*(import cvxpy|from cvxpy)|import_optional\(\s*\"cvxpy\"", re.M)
    users = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "skpapers").rglob("*.py")
        if pattern.search(path.read_text())
    )
    assert users == ["skpapers/_solvers/presto_cvxpy.py", "skpapers/_solvers/sdp_cvxpy.py"]
