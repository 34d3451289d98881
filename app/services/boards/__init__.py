"""Standings and live boards: computation, caches, pushes, ceremony, publication."""
