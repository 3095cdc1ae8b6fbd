"""boligmonitor: indicators, statutory lists and explanations for Danish almene boligområder.

The Python API for analysts lives in :mod:`boligmonitor.api`.
"""

__version__ = "0.1.0"
