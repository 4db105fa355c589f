"""``python -m budgetlib`` runs the command line."""

from budgetlib.cli import main

raise SystemExit(main())
