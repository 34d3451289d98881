"""Organizing bodies, competitions, projects, rules, schemes and judge seating."""
