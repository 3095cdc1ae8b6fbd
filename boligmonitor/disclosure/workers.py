"""Data years in parallel: disclosure control's work is independent per data year.

A year's person groups, its published cells and every fix the protection loop makes lie within that year (no
relation of the catalogue or the geography spans two years; multi-year means are derived values, suppressed after
the loop), so each year is protected, and audited, on its own. The years are shared among forked worker processes
that inherit the caller's state (copy on write) and send back only what they decided (hidden cells and their codes,
the audit's findings); the caller merges them in year order, so the result is the same with any number of workers.

The number of workers follows the processors this process may use, at most ``MAX_WORKERS``, and small inputs stay
in this process (starting workers would cost more than it saves). The environment variable
``BOLIGMONITOR_DISCLOSURE_WORKERS`` overrides both: ``1`` keeps everything in this process, ``2`` uses two workers
even for a tiny test Denmark.

Forking is only safe in a process with one thread (another thread may hold a lock, or own objects, the child
would touch), so a process with more than one thread runs the years itself. The caller's objects are frozen out
of the garbage collector before the fork: a child that collected what it inherited (objects of other threads'
libraries among them) crashed once in CI with a segmentation fault. And a worker that dies anyway must not hang the
caller: the pool notices it, and the years it had not answered are done again in this process, which gives the
same answer, because each year's result depends on that year's input only.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

_log = logging.getLogger(__name__)
ENV = "BOLIGMONITOR_DISCLOSURE_WORKERS"
MAX_WORKERS = 4
MIN_WEIGHT = 2_000  # below this many unit-years one process is faster than starting workers (a fork costs ~0.05 s)

T = TypeVar("T")
R = TypeVar("R")

# The job of the pool being run: set before the workers are forked, so they inherit it instead of receiving it
# pickled (a bound method with all the state it reads).
_JOB: Callable[[Any], Any] | None = None
_ITEMS: Sequence[Any] = ()


# Callers inside a threaded server (the web import) must not fork: another thread may hold a lock the child would
# need. While any of them is inside ``one_process()``, every job runs in this process, whatever the environment says.
_SERIAL_DEPTH = 0
_SERIAL_LOCK = threading.Lock()


@contextmanager
def one_process() -> Iterator[None]:
    """Run disclosure control's per-year work in this process while inside (for threaded callers)."""
    global _SERIAL_DEPTH
    with _SERIAL_LOCK:
        _SERIAL_DEPTH += 1
    try:
        yield
    finally:
        with _SERIAL_LOCK:
            _SERIAL_DEPTH -= 1


def configured() -> int | None:
    """The override from the environment, or None (unset, or not a positive whole number: a developer's setting
    that cannot change any result, only the speed, so a wrong value falls back to the default)."""
    raw = os.environ.get(ENV, "").strip()
    if not raw.isdigit() or int(raw) < 1:
        return None
    return int(raw)


def available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def count(jobs: int, weight: int) -> int:
    """How many processes to use for ``jobs`` independent jobs of ``weight`` in total."""
    override = configured()
    if _SERIAL_DEPTH:
        n = 1
    elif override is not None:
        n = override
    elif weight < MIN_WEIGHT:
        n = 1
    else:
        n = min(available(), MAX_WORKERS)
    if n > 1 and not _can_fork():
        n = 1
    return max(1, min(n, jobs))


# Threads a caller vouches for: they only draw a progress line, which the children never do, so a lock they hold
# at the fork is never wanted in a child. Held weakly: a thread that ends leaves by itself.
_HARMLESS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


@contextmanager
def harmless_threads_started_inside() -> Iterator[None]:
    """Threads started inside (e.g. by a progress display) do not stop disclosure control from forking while they
    run. Only for threads whose work the child processes never share."""
    before = set(threading.enumerate())
    yield
    _HARMLESS.update(t for t in threading.enumerate() if t not in before)


def _can_fork() -> bool:
    # A daemonic process (itself a pool worker) may not start children; without fork the state would have to be
    # pickled, which costs more than the work. With another thread alive (a server, a test's live server, a
    # library's helper) the child could inherit a lock held by a thread that does not exist in it.
    others = [t for t in threading.enumerate() if t is not threading.current_thread() and t not in _HARMLESS]
    return ("fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon
            and not others)


def _call(i: int) -> tuple[int, Any]:
    assert _JOB is not None
    return i, _JOB(_ITEMS[i])


def run_each(job: Callable[[T], R], items: Sequence[T], weights: Sequence[int]) -> list[R]:
    """``[job(x) for x in items]``, the heaviest items first, in up to ``count()`` processes. A worker's changes
    to the state it inherited are lost: ``job`` returns everything the caller needs."""
    n = count(len(items), sum(weights))
    if n == 1:
        return [job(x) for x in items]
    global _JOB, _ITEMS
    _JOB, _ITEMS = job, items
    order = sorted(range(len(items)), key=lambda i: (-weights[i], i))
    out: dict[int, R] = {}
    gc.collect()
    gc.freeze()  # the children never collect (nor touch the reference counts' pages of) what they inherit
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_call, i) for i in order]
            done, _pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                if future not in done or isinstance(future.exception(), BrokenProcessPool):
                    continue
                i, result = future.result()  # a job's own exception reaches the caller here
                out[i] = result
    except BrokenProcessPool:
        pass  # raised on leaving the pool; the missing items are done below
    finally:
        gc.unfreeze()
        _JOB, _ITEMS = None, ()
    missing = [i for i in order if i not in out]
    if missing:
        _log.warning("a disclosure-control worker process died; %d of %d data year(s) are done again in this "
                     "process (same result, slower)", len(missing), len(items))
        for i in missing:
            out[i] = job(items[i])
    return [out[i] for i in range(len(items))]
