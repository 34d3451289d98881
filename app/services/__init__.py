"""Use cases: one function per use case, each owning exactly one commit, one package per context.

identity, setup, entry, scoring, boards, results and certification follow a contest's life;
common holds what they share (access and loaders, labels, numbers, time, mappers).
"""
