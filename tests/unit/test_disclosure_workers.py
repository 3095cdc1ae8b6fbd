"""Disclosure control's worker processes and its single-threaded BLAS (boligmonitor.disclosure.workers, .blas).

That workers decide exactly what one process decides is tested on whole bundles in
tests/integration/test_protections.py; here: that the parallel path really runs in other processes and keeps the
items' order, that the environment override and the small-input rule pick the number of processes, and that BLAS
runs on one thread inside disclosure control and as before outside it."""

from __future__ import annotations

import os

import numpy as np
import pytest

from boligmonitor.disclosure import blas, workers


def _job(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_two_workers_run_the_items_in_other_processes_and_answer_in_the_items_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.ENV, "2")
    items = [3, 1, 4, 1, 5, 9, 2, 6]
    got = workers.run_each(_job, items, weights=[1, 9, 2, 8, 3, 7, 4, 6])  # heaviest first, answers in order
    assert [square for square, _pid in got] == [x * x for x in items]
    pids = {pid for _square, pid in got}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_one_worker_keeps_everything_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.ENV, "1")
    got = workers.run_each(_job, [1, 2, 3], weights=[10**9] * 3)
    assert {pid for _square, pid in got} == {os.getpid()}


def test_one_process_overrides_the_environment_for_threaded_callers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web import audits inside workers.one_process(): a threaded server process must never fork."""
    monkeypatch.setenv(workers.ENV, "2")
    with workers.one_process():
        got = workers.run_each(_job, [1, 2, 3], weights=[10**9] * 3)
    assert {pid for _square, pid in got} == {os.getpid()}
    assert workers.count(3, 10**9) == 2  # and only while inside


def test_the_web_import_audits_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect

    from boligmonitor.web import actions

    source = inspect.getsource(actions._audit_disclosure)
    assert "workers.one_process()" in source.split("audit_bundle(")[0]


def test_a_workers_exception_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.ENV, "2")

    def fails(x: int) -> int:
        if x == 2:
            raise RuntimeError("complementary suppression did not converge")
        return x

    with pytest.raises(RuntimeError, match="did not converge"):
        workers.run_each(fails, [1, 2, 3], weights=[1, 1, 1])


@pytest.mark.parametrize(("env", "jobs", "weight", "expected"), [
    ("", 19, 100, 1),  # a small Denmark: starting workers costs more than it saves
    ("", 1, 10**6, 1),  # one year: nothing to share
    ("3", 19, 100, 3),  # the override counts, small inputs included
    ("3", 2, 100, 2),  # never more workers than jobs
    ("two", 19, 100, 1),  # not a number: the default
    ("0", 19, 100, 1),
])
def test_the_number_of_workers(monkeypatch: pytest.MonkeyPatch, env: str, jobs: int, weight: int,
                               expected: int) -> None:
    monkeypatch.setenv(workers.ENV, env)
    assert workers.count(jobs, weight) == expected


def test_large_inputs_use_the_processors_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(workers.ENV, raising=False)
    monkeypatch.setattr(workers, "available", lambda: 16)
    assert workers.count(19, 10**6) == workers.MAX_WORKERS
    monkeypatch.setattr(workers, "available", lambda: 2)
    assert workers.count(19, 10**6) == 2


def test_blas_runs_on_one_thread_inside_disclosure_control_only() -> None:
    controls = blas._controls()
    if controls is None:
        pytest.skip("numpy's BLAS here is not an OpenBLAS whose threads can be set")
    setter, getter = controls
    before = getter()
    setter(2)
    try:
        np.linalg.pinv(np.arange(12.0).reshape(4, 3))
        assert blas.threads() == 2
        with blas.single_threaded():
            assert blas.threads() == 1
            np.linalg.pinv(np.arange(12.0).reshape(4, 3))
        assert blas.threads() == 2
    finally:
        setter(before)


def test_a_worker_that_dies_does_not_hang_the_caller_and_its_years_are_done_again_here(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """CI once lost a worker to a segmentation fault and multiprocessing.Pool waited for it until the job was
    killed at 90 minutes. Now the broken pool is noticed and the unanswered items are computed in this process."""
    import signal

    monkeypatch.setenv(workers.ENV, "2")
    parent = os.getpid()

    def dies_in_a_worker(x: int) -> int:
        if x == 3 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return x * x

    got = workers.run_each(dies_in_a_worker, [1, 2, 3, 4], weights=[1, 1, 1, 1])
    assert got == [1, 4, 9, 16]
    assert "worker process died" in caplog.text


def test_a_process_with_a_second_thread_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setenv(workers.ENV, "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers.count(3, 10**9) == 1
        got = workers.run_each(_job, [1, 2, 3], weights=[10**9] * 3)
    finally:
        stop.set()
        other.join()
    assert {pid for _square, pid in got} == {os.getpid()}
    assert workers.count(3, 10**9) == 2


def test_a_thread_the_caller_vouches_for_does_not_stop_the_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """`boligmonitor run` draws its progress line from a thread; the children never draw, so they may fork."""
    import threading

    monkeypatch.setenv(workers.ENV, "2")
    stop = threading.Event()
    progress_line = threading.Thread(target=stop.wait)
    with workers.harmless_threads_started_inside():
        progress_line.start()
    try:
        assert workers.count(3, 10**9) == 2
        got = workers.run_each(_job, [1, 2, 3], weights=[10**9] * 3)
        assert os.getpid() not in {pid for _square, pid in got}
    finally:
        stop.set()
        progress_line.join()
