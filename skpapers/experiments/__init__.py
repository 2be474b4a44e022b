"""One module per paper: each runs the paper's headline experiment.

Every experiment module defines

- ``TITLE``: the paper (authors, venue, year);
- ``PROVIDES``: one line on what skpapers offers for it;
- ``run(quick=False, random_state=0, verbose=0)`` returning a tidy
  :class:`pandas.DataFrame` of results;
- optionally ``summarize(results)`` returning the table to print (or a
  dict of titled tables, one kind of row each), and
  ``plot(results)`` returning a matplotlib figure;
- optionally ``PAPER_CLAIM``: the paper's figures, or its qualitative claim
  where it gives no number, each starting with its source (table, figure or
  section). A string, a list of strings, or a dict from a table title of
  ``summarize`` to them; ``skpapers reproduce`` prints each under its table
  (see :func:`skpapers.cli.paper_claims`).

Use ``skpapers list`` and ``skpapers reproduce NAME --quick`` from the shell,
or :func:`skpapers.utils.all_experiments` from Python.
"""
