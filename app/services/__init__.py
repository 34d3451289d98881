"""Use cases: one function per use case, each owning exactly one commit."""
