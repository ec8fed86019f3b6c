"""Rule checks, the rule catalogue and the finding/report objects."""
