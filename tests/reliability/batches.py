"""Run a fuzz in batches in forked worker processes, each batch under a time limit.

A batch that hangs or kills its worker becomes a finding (a failure line), never a stuck run.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Protocol, Self, TypeVar


class Report(Protocol):
    """What a batch returns: failures, and a way to fold another batch's report in."""

    failures: list[str]
    seconds: float

    def add(self, other: Self) -> None: ...  # pragma: no cover - a protocol


R = TypeVar("R", bound=Report)
Batch = Callable[[int, int], R]


def _worker(connection: Connection, run_batch: Batch[R], start: int, count: int) -> None:
    connection.send(run_batch(start, count))
    connection.close()


def run_in_batches(
    run_batch: Batch[R],
    total: R,
    *,
    count: int,
    batch: int,
    workers: int,
    batch_timeout_s: float,
    label: str,
) -> R:
    """Inputs 0 .. count-1 as `run_batch(start, size)` calls in forked workers, folded into
    `total`; a worker that dies or passes `batch_timeout_s` is recorded as a failure."""
    context = multiprocessing.get_context("fork")  # fork: `run_batch` need not be picklable
    began = time.monotonic()
    pending = [(start, min(batch, count - start)) for start in range(0, count, batch)]
    running: list[tuple[multiprocessing.process.BaseProcess, Connection, int, float]] = []
    try:
        while pending or running:
            while pending and len(running) < workers:
                start, size = pending.pop(0)
                receive, send = context.Pipe(duplex=False)
                worker = context.Process(target=_worker, args=(send, run_batch, start, size))
                worker.start()
                send.close()
                running.append((worker, receive, start, time.monotonic()))
            for entry in list(running):
                process, receive, start, since = entry
                if receive.poll(0.05):
                    try:
                        total.add(receive.recv())
                    except EOFError:  # the worker died before it could answer
                        total.failures.append(f"{label} {start}+: the worker died")
                    process.join(30)
                    running.remove(entry)
                elif not process.is_alive() or time.monotonic() - since > batch_timeout_s:
                    total.failures.append(
                        f"{label} {start}+{batch}: the worker hung or died "
                        f"(exit {process.exitcode})"
                    )
                    running.remove(entry)
    finally:
        for process, receive, _, _ in running:
            process.kill()
            process.join(10)
            receive.close()
    total.seconds = time.monotonic() - began
    return total
