"""Benchmarks of pwid-connect in the browser: ``python -m benchmarks.run`` (see run.py)."""
