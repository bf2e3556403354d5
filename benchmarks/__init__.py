"""Timings of the promotions on large cases; run each module with `python -m`."""
