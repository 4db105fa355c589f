"""budgetlib: a departmental budget statement as validated tables, audited against its own totals."""

from budgetlib.audit import AuditError, Check, audit, require_reconciled
from budgetlib.errors import DataError
from budgetlib.facts import facts
from budgetlib.load import Budget, load

__all__ = ["AuditError", "Budget", "Check", "DataError", "audit", "facts", "load", "require_reconciled"]
