"""boligmonitor: indicators, statutory lists and explanations for Danish almene boligområder.

The Python API for analysts lives in :mod:`boligmonitor.api`.
"""

import os

# Our numpy work is many small matrices (disclosure control); OpenBLAS's worker threads only add waiting there, and
# on a busy 2-core machine they made the audit 1.6x slower. DuckDB keeps its own threads for the large scans.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
