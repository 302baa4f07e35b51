"""Plausibility limits for money values, in a module of their own so that light callers (the bulk
query, the IMF client) can check a value without importing the pandera schema (~0.3 s at start-up)."""
from __future__ import annotations

#: Largest US$ value a cell may state: $100 trillion, four times the world's annual goods trade.
#: A larger figure is a unit or digit error (and 1.7e308 would overflow the arithmetic downstream).
PLAUSIBLE_MAX_USD = 1e14
