"""budgetlib: a departmental budget statement as validated tables, audited against its own totals."""

from budgetlib.audit import Check, audit
from budgetlib.errors import DataError
from budgetlib.facts import facts
from budgetlib.load import Budget, load

__all__ = ["Budget", "Check", "DataError", "audit", "facts", "load"]
