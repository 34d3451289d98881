"""Finalisation and what follows: awards, titles, promotions, qualification, appeals."""
