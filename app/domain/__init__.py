"""The pure rules engine: standard library only, plain values in, new values out (DOMAIN.md).

Start at ``app.domain.evaluation.evaluate_project``; each rule family has its own module.
"""
