"""Two real Syncthing instances on 127.0.0.1 sharing one journal folder, each machine driven by
its own hipcli settings: the end-to-end check of docs/sync.md.

    python bench/sync.py            # prints the figures; the slow test asserts on the same run

Each instance has its own home (keys, config, database), listens and serves its REST API on the
loopback address only, with discovery, relays, NAT traversal, usage reports and upgrades off. The
folder is watched (inotify) and rescanned on request, so a change syncs within a second or two.

Phase 1: the laptop and the desktop save sessions at the same time (each into its own file)
while the instances sync, and a reader runs `hipcli log` on the desktop throughout. Phase 2 makes
the mistake hipcli must survive: both machines named alike ("twin"), both appending to one file,
which Syncthing turns into conflict copies. After each phase settles, `hipcli log --all --format
json` on each side must list the same sessions, each once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.sync.machines import Machine, session_ids

FOLDER_ID = "hipcli-journal"
SETTLE_TIMEOUT_S = 180.0
PACE_S = 0.02  # between one machine's sessions: Syncthing syncs while they are saved


def syncthing_path() -> str | None:
    """The syncthing program, if installed."""
    return shutil.which("syncthing")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Instance:
    """One Syncthing instance, for one machine."""

    machine: Machine
    home: Path
    gui_port: int = field(default_factory=free_port)
    listen_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    def generate(self) -> None:
        """Keys and a device id, in the instance's own home."""
        result = subprocess.run(
            ["syncthing", "generate", f"--home={self.home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            check=True,
            env=self._env(),
            timeout=60,
        )
        output = result.stdout + result.stderr
        found = [line for line in output.splitlines() if "Device ID:" in line]
        self.device_id = found[0].split("Device ID:")[1].strip()

    def write_config(self, peer: Instance) -> None:
        """A config that shares the journal folder with `peer`, on 127.0.0.1 only."""
        devices = "".join(
            f'<device id="{item.device_id}" name="{item.machine.device}" compression="metadata">'
            f"<address>tcp://127.0.0.1:{item.listen_port}</address></device>"
            for item in (self, peer)
        )
        shared = "".join(f'<device id="{item.device_id}"></device>' for item in (self, peer))
        (self.home / "config.xml").write_text(
            f"""<configuration version="36">
<folder id="{FOLDER_ID}" label="hipcli" path="{self.machine.folder}" type="sendreceive"
        rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1">
  {shared}<maxConflicts>-1</maxConflicts><markerName>.stfolder</markerName>
</folder>
{devices}
<gui enabled="true" tls="false"><address>127.0.0.1:{self.gui_port}</address>
  <apikey>{self.api_key}</apikey></gui>
<options>
  <listenAddress>tcp://127.0.0.1:{self.listen_port}</listenAddress>
  <globalAnnounceEnabled>false</globalAnnounceEnabled>
  <localAnnounceEnabled>false</localAnnounceEnabled>
  <relaysEnabled>false</relaysEnabled><natEnabled>false</natEnabled>
  <startBrowser>false</startBrowser><urAccepted>-1</urAccepted>
  <autoUpgradeIntervalH>0</autoUpgradeIntervalH><crashReportingEnabled>false</crashReportingEnabled>
  <reconnectionIntervalS>1</reconnectionIntervalS>
</options>
</configuration>
""",
            encoding="utf-8",
        )

    def _env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.machine.root / "home"),
            "STNOUPGRADE": "1",
            "STNODEFAULTFOLDER": "1",
        }

    def start(self) -> None:
        log = open(self.home / "syncthing.log", "wb")  # noqa: SIM115 - the process holds it
        self.process = subprocess.Popen(
            ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
            env=self._env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)

    def api(self, path: str, *, post: bool = False) -> object:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            method="POST" if post else "GET",
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def answers(self) -> bool:
        with contextlib.suppress(OSError, ValueError):
            return self.api("/rest/system/ping") == {"ping": "pong"}
        return False

    def connected_to(self, peer: Instance) -> bool:
        connections = self.api("/rest/system/connections")
        assert isinstance(connections, dict)
        return bool(connections["connections"].get(peer.device_id, {}).get("connected"))

    def idle(self, peer: Instance) -> bool:
        status = self.api(f"/rest/db/status?folder={FOLDER_ID}")
        completion = self.api(f"/rest/db/completion?folder={FOLDER_ID}&device={peer.device_id}")
        assert isinstance(status, dict)
        assert isinstance(completion, dict)
        return (
            status["state"] == "idle"
            and status["needTotalItems"] == 0
            and completion["completion"] == 100
        )


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """Each journal file's name and a hash of its bytes (hidden and temporary files left out)."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("*.toml"))
        if not path.name.startswith(".")
    }


@dataclass
class SyncReport:
    """What the end-to-end run saw."""

    sessions: int = 0  # distinct sessions saved on the two machines
    converge_s: list[float] = field(default_factory=list)  # per phase: writers done -> settled
    phase_s: list[float] = field(default_factory=list)  # per phase: start -> settled
    conflict_copies: list[str] = field(default_factory=list)
    only_in_conflict_copies: int = 0  # sessions found in a conflict copy and no other file
    reads_during_sync: int = 0
    failures: list[str] = field(default_factory=list)


@contextlib.contextmanager
def syncthing_pair(root: Path) -> Iterator[tuple[Instance, Instance]]:
    """Two machines with their own hipcli settings and Syncthing instances, connected and
    sharing the journal folder; both instances are stopped however the block ends."""
    laptop = Machine.set_up(root / "laptop", "laptop", root / "laptop" / "Sync" / "hipcli")
    desktop = Machine.set_up(root / "desktop", "desktop", root / "desktop" / "Sync" / "hipcli")
    pair = (
        Instance(laptop, root / "laptop" / "syncthing"),
        Instance(desktop, root / "desktop" / "syncthing"),
    )
    for instance in pair:
        (instance.machine.folder / ".stfolder").mkdir(parents=True)
        instance.machine.folder.chmod(0o700)
        instance.generate()
    pair[0].write_config(pair[1])
    pair[1].write_config(pair[0])
    try:
        for instance in pair:
            instance.start()
        wait_for(lambda: all(item.answers() for item in pair), 60, "Syncthing to answer")
        wait_for(lambda: pair[0].connected_to(pair[1]), 60, "the instances to connect")
        yield pair
    finally:
        for instance in pair:
            instance.stop()


def wait_for(condition: object, timeout_s: float, what: str) -> float:
    """Poll `condition` until it holds; the seconds it took. TimeoutError naming `what`."""
    assert callable(condition)
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout_s:
            raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
        time.sleep(0.2)
    return time.monotonic() - began


def settle(pair: tuple[Instance, Instance]) -> float:
    """Wait until both instances are idle and both folders hold the same files, twice in a
    row; the seconds it took."""
    laptop, desktop = pair
    began = time.monotonic()
    last: tuple[dict[str, str], dict[str, str]] | None = None
    while True:
        for instance in pair:
            instance.api(f"/rest/db/scan?folder={FOLDER_ID}", post=True)
        now = (
            folder_fingerprint(laptop.machine.folder),
            folder_fingerprint(desktop.machine.folder),
        )
        if now[0] == now[1] and now == last and laptop.idle(desktop) and desktop.idle(laptop):
            return time.monotonic() - began
        if time.monotonic() - began > SETTLE_TIMEOUT_S:
            raise TimeoutError(f"the folders did not settle in {SETTLE_TIMEOUT_S:.0f} s")
        last = now
        time.sleep(0.5)


def run_sync_check(
    root: Path, sessions: int = 300, twin_sessions: int = 16, twin_pace_s: float = 1.5
) -> SyncReport:
    """Both phases (see the module docstring) on fresh machines under `root`. In phase 2 each
    machine saves a session every `twin_pace_s` seconds: slower than Syncthing's watcher (1 s),
    so that the two versions of the one file meet, and turn into conflict copies, again and
    again."""
    report = SyncReport()
    with syncthing_pair(root) as pair:
        laptop, desktop = (instance.machine for instance in pair)
        expected = set(session_ids("laptop", sessions) + session_ids("desktop", sessions))
        began = time.monotonic()
        writers = [
            machine.start_writer(sessions, "--every", str(PACE_S)) for machine in (laptop, desktop)
        ]
        while any(writer.poll() is None for writer in writers):
            _read_while_syncing(desktop, report)
        _finish(writers, report)
        report.converge_s.append(settle(pair))  # from the moment both writers are done
        report.phase_s.append(time.monotonic() - began)
        _compare(pair, expected, report)

        # Phase 2: both machines named "twin" append to one file: Syncthing's conflicts
        twin = {"HIPCLI_DEVICE": "twin"}
        began = time.monotonic()
        writers = [
            machine.start_writer(
                twin_sessions,
                *("--prefix", f"twin-{machine.device}", "--every", str(twin_pace_s)),
                env=twin,
            )
            for machine in (laptop, desktop)
        ]
        while any(writer.poll() is None for writer in writers):
            time.sleep(0.05)
        _finish(writers, report)
        report.converge_s.append(settle(pair))
        report.phase_s.append(time.monotonic() - began)
        expected |= set(
            session_ids("twin-laptop", twin_sessions) + session_ids("twin-desktop", twin_sessions)
        )
        _compare(pair, expected, report)
        report.sessions = len(expected)
        report.conflict_copies = sorted(
            path.name for path in laptop.folder.glob("*.sync-conflict-*")
        )
        report.only_in_conflict_copies = _only_in_conflict_copies(laptop.folder)
    return report


def _finish(writers: list[subprocess.Popen[str]], report: SyncReport) -> None:
    for writer in writers:
        _, errors = writer.communicate(timeout=300)
        if writer.returncode != 0:
            report.failures.append(f"a writer failed: {errors.strip()}")


def _read_while_syncing(machine: Machine, report: SyncReport) -> None:
    """`hipcli log` mid-sync: it may not have every session yet, but never one twice."""
    result = machine.hipcli("log", "--all", "--format", "json")
    report.reads_during_sync += 1
    if result.returncode != 0:
        report.failures.append(f"log failed mid-sync: {result.stderr.strip()}")
        return
    ids = [record["id"] for record in json.loads(result.stdout)]
    if len(ids) != len(set(ids)):
        report.failures.append("a session was shown twice mid-sync")


def _compare(pair: tuple[Instance, Instance], expected: set[str], report: SyncReport) -> None:
    listings = []
    for instance in pair:
        records, stderr = instance.machine.exported()
        ids = [record["id"] for record in records]
        if len(ids) != len(set(ids)):
            report.failures.append(f"{instance.machine.device}: a session is shown twice")
        if set(ids) != expected:
            missing = sorted(expected - set(ids))
            report.failures.append(
                f"{instance.machine.device}: {len(missing)} sessions missing, e.g. {missing[:3]}"
            )
        if stderr:
            report.failures.append(f"{instance.machine.device}: log said {stderr.strip()}")
        listings.append(ids)
    if listings[0] != listings[1]:
        report.failures.append("the two machines list different sessions")


def _only_in_conflict_copies(folder: Path) -> int:
    from hipcli.journal.read import read_journal

    plain: set[str] = set()
    copies: set[str] = set()
    for path in folder.glob("*.toml"):
        ids = {record.id for record in read_journal(path).records}
        (copies if ".sync-conflict-" in path.name else plain).update(ids)
    return len(copies - plain)
