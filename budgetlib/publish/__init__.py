"""Publishing: notebooks prepared and run in fresh kernels, their HTML pages, the index and gallery
pages, and the all-or-nothing build that puts them in place with the figures and decks.

The ``budgetlib`` command switches on :mod:`~budgetlib.publish.speedups` for its own process;
importing this package changes nothing.
"""
