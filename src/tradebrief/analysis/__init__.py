"""Pure analysis of the run's frames: pair series, growth, CAGR, balance, mirror gap, standing,
relations summaries, and intervals for bounded figures. No I/O."""
from tradebrief.analysis.core import *
from tradebrief.analysis.core import __all__  # noqa: F401
