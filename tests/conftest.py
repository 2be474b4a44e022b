"""Shared pytest configuration.

The test command is reproducible by default: Hypothesis runs the
``"reproducible"`` profile, whose search is derandomised, so a clean clone gives
the same examples on every machine (CI included). To hunt for new failing
examples, run ``HYPOTHESIS_PROFILE=explore python -m pytest`` (a new random
search on each run) as often as you like. Any failure it finds is fixed in the code or in
the test and then pinned with ``@example``.
"""

import os

from hypothesis import settings

settings.register_profile("reproducible", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))
