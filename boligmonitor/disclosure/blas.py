"""Run numpy's BLAS on one thread while disclosure control works.

Disclosure control calls LAPACK (``pinv``, ``svd``, ``lstsq``) hundreds of times on matrices of a few dozen rows.
OpenBLAS hands each call to its thread pool, whose threads then spin waiting for the next one: measured at scale 1,
the audit's 463 pseudo-inverses took 6.3 s of CPU with the pool and 0.1 s on one thread, and on a busy machine the
spinning threads cost wall time too. The work is parallel across data years instead (:mod:`.workers`).

The thread count can only be changed through the library's own C function, found among the libraries the process
has loaded; numpy built against another BLAS is left as it is (nothing changes but speed). Numbers do not depend on
this: the values disclosure control uses are integers recovered by rounding, and the protection loop itself uses
exact integer arithmetic only.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

# (set, get) symbol pairs: numpy's wheels bundle scipy-openblas (64-bit integers, prefixed names); a system
# OpenBLAS exports the plain names.
_SYMBOLS = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
)


@cache
def _controls() -> tuple[Any, Any] | None:
    """The loaded OpenBLAS's (set, get) functions, or None when there is none we can control."""
    np.linalg.norm(np.ones(1))  # make sure numpy's linear algebra (and its BLAS) is loaded
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return None
    paths = sorted({line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1].lower()})
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for set_name, get_name in _SYMBOLS:
            setter, getter = getattr(lib, set_name, None), getattr(lib, get_name, None)
            if setter is not None and getter is not None:
                setter.argtypes, setter.restype = [ctypes.c_int], None
                getter.argtypes, getter.restype = [], ctypes.c_int
                return setter, getter
    return None


def threads() -> int | None:
    """BLAS threads now (None: unknown)."""
    c = _controls()
    return None if c is None else int(c[1]())


@contextmanager
def single_threaded() -> Iterator[None]:
    c = _controls()
    if c is None:
        yield
        return
    setter, getter = c
    before = int(getter())
    setter(1)
    try:
        yield
    finally:
        setter(before)
