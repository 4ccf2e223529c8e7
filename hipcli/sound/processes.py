"""Sound and speech processes run in the background, one at a time per channel.

The caller's thread (the session's timer) only puts a request on a queue; a worker thread per
channel starts the process, so a sound and a sentence due at the same moment start together.
Starting a new sound on a channel ends the one still playing there, so cues replace each other
and never pile up. A process that cannot start, or ends with an error that was not ours, is
reported once through `poll()`. `close()` ends every process that is still running.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hipcli.sound.commands import Command

Prepare = Callable[[], str]  # returns the argument to play (a WAV file's path, a sentence)
Popen = Callable[..., "subprocess.Popen[bytes]"]

_POSIX = sys.platform != "win32"
STOP_WAIT_S = 0.3  # how long `close()` waits for a process to go before it is killed


@dataclass(frozen=True, slots=True)
class Failure:
    """A command that did not work: which channel, which command, and what happened."""

    channel: str
    command: Command
    detail: str


@dataclass(slots=True)
class _Running:
    process: subprocess.Popen[bytes]
    command: Command
    started_at: float
    ended_by_us: bool = False


class _Mark:
    """A place in a channel's queue: set once everything before it has been handled."""

    def __init__(self, done: threading.Event) -> None:
        self.done = done

    def __call__(self) -> str:
        self.done.set()
        return ""


@dataclass(slots=True)
class _Request:
    channel: str
    command: Command | None  # None: silence the channel
    prepare: Prepare | None = None
    asked_at: float = field(default_factory=time.monotonic)


class Channels:
    """Background processes by channel ("sound", "breath", "voice"), each replacing the last."""

    def __init__(
        self, popen: Popen = subprocess.Popen, clock: Callable[[], float] = time.monotonic
    ):
        self._popen = popen
        self._clock = clock
        self._lock = threading.Lock()
        self._queues: dict[str, queue.SimpleQueue[_Request | None]] = {}
        self._workers: dict[str, threading.Thread] = {}
        self._running: dict[str, _Running] = {}
        self._ending: list[_Running] = []
        self._failures: list[Failure] = []
        self._closed = False
        # (channel, seconds from the request to the process started): for the bench and tests.
        self.latencies: list[tuple[str, float]] = []

    def start(self, channel: str, command: Command, prepare: Prepare) -> None:
        """Play on `channel` what `prepare()` returns (called on the worker), ending what played."""
        self._put(_Request(channel, command, prepare, self._clock()))

    def silence(self, channel: str) -> None:
        """End what is playing on `channel`."""
        self._put(_Request(channel, None))

    def warm(self, *channels: str) -> None:
        """Start the workers of `channels` now, so that their first sound need not wait for it."""
        for channel in channels:
            self._queue_of(channel)

    def _queue_of(self, channel: str) -> queue.SimpleQueue[_Request | None]:
        found = self._queues.get(channel)
        if found is None:
            found = self._queues[channel] = queue.SimpleQueue()
            worker = threading.Thread(
                target=self._work, args=(found,), name=f"hipcli-{channel}", daemon=True
            )
            self._workers[channel] = worker
            worker.start()
        return found

    def _put(self, request: _Request) -> None:
        if not self._closed:
            self._queue_of(request.channel).put(request)

    def wait_idle(self, timeout_s: float = 5.0) -> None:
        """Wait until every request so far has been handled (tests and `sound-check`)."""
        marks = []
        for channel, waiting in list(self._queues.items()):
            done = threading.Event()
            marks.append(done)
            waiting.put(_Request(channel, None, _Mark(done)))
        for done in marks:
            done.wait(timeout_s)

    def poll(self) -> list[Failure]:
        """Failures since the last call; also reaps processes that have ended."""
        with self._lock:
            for channel, running in list(self._running.items()):
                status = running.process.poll()
                if status is None:
                    continue
                del self._running[channel]
                if status != 0 and not running.ended_by_us:
                    detail = (
                        f"it ended with status {status}"
                        if status > 0
                        else f"it was stopped by signal {-status}"
                    )
                    self._failures.append(Failure(channel, running.command, detail))
            self._ending = [r for r in self._ending if r.process.poll() is None]
            failures, self._failures = self._failures, []
        return failures

    def playing(self, channel: str) -> bool:
        """Whether a process is still running on `channel`."""
        with self._lock:
            running = self._running.get(channel)
            return running is not None and running.process.poll() is None

    def close(self) -> None:
        """End every process and the worker; nothing keeps playing after the session."""
        if self._closed:
            return
        self._closed = True
        for waiting in self._queues.values():
            waiting.put(None)
        for worker in self._workers.values():
            worker.join(timeout=2.0)
        with self._lock:
            running_now = list(self._running.values())
            self._running.clear()
        for running in running_now:
            self._end(running, stop=True)
        with self._lock:
            everything, self._ending = self._ending, []
        deadline = time.monotonic() + STOP_WAIT_S
        for running in everything:
            try:
                running.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill(running.process, hard=True)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    running.process.wait(timeout=STOP_WAIT_S)

    def _end(self, running: _Running, *, stop: bool) -> None:
        """Ask a process to end; a speech daemon's own stop command silences what it queued."""
        running.ended_by_us = True
        if running.process.poll() is None:
            _kill(running.process)
        ending = [running]
        if stop and running.command.stop_argv:
            with contextlib.suppress(OSError):
                stopper = self._popen(
                    running.command.stop_argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                ending.append(_Running(stopper, running.command, self._clock(), True))
        with self._lock:
            self._ending.extend(ending)

    # --- the worker -------------------------------------------------------------------------------

    def _work(self, waiting: queue.SimpleQueue[_Request | None]) -> None:
        while True:
            request = waiting.get()
            if request is None:
                return
            if isinstance(request.prepare, _Mark):
                request.prepare()
                continue
            self._handle(request)

    def _handle(self, request: _Request) -> None:
        with self._lock:
            previous = self._running.pop(request.channel, None)
        if previous is not None:
            self._end(previous, stop=True)
        if request.command is None:
            if request.prepare is not None:
                request.prepare()
            return
        command = request.command
        try:
            argument = request.prepare() if request.prepare else ""
            argv, extra = command.with_argument(argument)
            env = {**os.environ, **extra} if extra else None
            process = self._popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                close_fds=True,
                start_new_session=_POSIX,
            )
        except (OSError, ValueError) as error:
            with self._lock:
                self._failures.append(
                    Failure(request.channel, command, f"it could not start ({error})")
                )
            return
        now = self._clock()
        with self._lock:
            self._running[request.channel] = _Running(process, command, now)
            self.latencies.append((request.channel, now - request.asked_at))


def _kill(process: subprocess.Popen[bytes], *, hard: bool = False) -> None:
    """End a process and, on POSIX, its whole group, so that a shell's children go too."""
    with contextlib.suppress(OSError):
        if _POSIX:
            os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
        elif hard:
            process.kill()
        else:
            process.terminate()
