"""Shared helpers of the use cases: scope, labels, numbers, time, signing, keys."""
