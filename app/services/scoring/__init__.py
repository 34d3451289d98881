"""Judging: score events, the chief judge, penalties, theory marks and the audit chain."""
