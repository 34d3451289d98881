"""Certificates: content, batches and issue."""
