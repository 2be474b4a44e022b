"""Sphinx configuration for skpapers (build: ``python -m sphinx -W -b html docs docs/_build/html``)."""

import os
import warnings

import skpapers

project = "skpapers"
author = "skpapers developers"
copyright = "2026, skpapers developers"
release = skpapers.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks = set()

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py", "**.zip"]
html_theme = "pydata_sphinx_theme"
# a short title: the default "skpapers <version> documentation" ran into the
# search box of the header
html_title = "skpapers"
html_theme_options = {
    "navigation_with_keys": False,
    "logo": {"text": "skpapers"},
    "navbar_align": "left",
    # the rest go to a "More" menu, so the links fit beside the search box
    "header_links_before_dropdown": 4,
}
html_static_path = []

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "plot_gallery": os.environ.get("SKPAPERS_DOCS_PLOT", "True"),
    "abort_on_example_error": True,
}

# Examples run headless.
os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings("ignore", message="Matplotlib is currently using agg")


def _skip_metadata_request_methods(app, what, name, obj, skip, options):
    """Hide the ``set_*_request`` methods scikit-learn generates for metadata routing.

    Their docstrings point into scikit-learn's own glossary, which this
    documentation does not have; the routing itself is documented per module.
    """
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_request_methods)
