"""``python -m budgetlib`` runs the command line."""

from budgetlib.cli import run

run()
