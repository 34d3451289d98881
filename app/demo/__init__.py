"""Demo seed data: one season of contests for the README's first command."""
