"""Everything said and sent on a matter: notes, calls, letters (and, to come, e-mails)."""
