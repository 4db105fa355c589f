"""Words and numbers as a reader sees them: the one formatter, the wording templates of each
language, and the prose and sentences built from the analyses.

:mod:`~budgetlib.words.formatting` and :mod:`~budgetlib.words.wording` need nothing else of
budgetlib, so every layer may use them; :mod:`~budgetlib.words.narrative` and
:mod:`~budgetlib.words.sentences` build on the analyses and checks.
"""
