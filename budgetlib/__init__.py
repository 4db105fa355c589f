"""budgetlib: departmental budget statements as validated tables, audited against their own totals.

The library is built in layers, each using only those below it:

- :mod:`budgetlib.datapackage`: find, read, type and validate a package; :class:`Budget`.
- :mod:`budgetlib.workbook`: the entry workbook, written from a package and read back.
- :mod:`budgetlib.analysis`: the analyses by topic, and the headline :func:`facts`.
- :mod:`budgetlib.checks`: the audit's identities, the text review, the target review.
- :mod:`budgetlib.words`: the formatter, the wording of each language, the prose.
- :mod:`budgetlib.charts`, :mod:`budgetlib.pages`, :mod:`budgetlib.deck`: what readers see.
- :mod:`budgetlib.publish`: notebooks run in kernels, their pages, the all-or-nothing build.
- :mod:`budgetlib.cli`: the ``budgetlib`` command, thin wrappers over the above.

Importing budgetlib changes no global state of matplotlib or the interpreter.
"""

from budgetlib.analysis.facts import facts
from budgetlib.checks.audit import AuditError, Check, audit, require_reconciled
from budgetlib.datapackage import Budget, load
from budgetlib.errors import DataError

__all__ = ["AuditError", "Budget", "Check", "DataError", "audit", "facts", "load", "require_reconciled"]
