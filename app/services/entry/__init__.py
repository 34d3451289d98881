"""Registration, imports, admission tickets, check-in and the lot draw."""
