"""What budgetlib checks a package for: the audit's identities, the text against the tables, the
wording of the text (:mod:`budgetlib.checks.prose`) and the quality of the performance targets."""

from budgetlib.checks.audit import AuditError, Check, audit, failures, require_reconciled
from budgetlib.checks.targets import department_vs_project, goal_table_pairs, shared_indicators, target_findings

__all__ = [
    "AuditError",
    "Check",
    "audit",
    "department_vs_project",
    "failures",
    "goal_table_pairs",
    "require_reconciled",
    "shared_indicators",
    "target_findings",
]
