"""Simulated machines sharing a journal folder: each has its own config dir (with `journal_dir`
and `device` in its config.toml), data dir and home, and runs hipcli as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).resolve().parent / "machine_writer.py"


@dataclass(frozen=True)
class Machine:
    """One machine: its name, its own dirs, and its copy of the journal folder."""

    device: str
    root: Path
    folder: Path

    @classmethod
    def set_up(cls, root: Path, device: str, folder: Path) -> Machine:
        """Create the machine's dirs and its settings file naming the folder and the device."""
        config = root / "config"
        config.mkdir(parents=True)
        (root / "data").mkdir()
        (root / "home").mkdir()
        (config / "config.toml").write_text(
            f"# {device}'s settings\nbell = false\njournal_dir = {json.dumps(str(folder))}\n"
            f'device = "{device}"\n',
            encoding="utf-8",
        )
        return cls(device, root, folder)

    @property
    def env(self) -> dict[str, str]:
        """The environment of hipcli on this machine."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("HIPCLI_") and key not in ("NO_COLOR", "FORCE_COLOR")
        }
        return {
            **env,
            "HIPCLI_CONFIG_DIR": str(self.root / "config"),
            "HIPCLI_DATA_DIR": str(self.root / "data"),
            "HOME": str(self.root / "home"),
            "TZ": "UTC",
            "PYTHONPATH": str(REPO),
        }

    def hipcli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `hipcli ARGS` on this machine."""
        return subprocess.run(
            [sys.executable, "-m", "hipcli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def exported(self) -> tuple[list[dict[str, Any]], str]:
        """`hipcli log --all --format json` on this machine: the records, and its stderr."""
        result = self.hipcli("log", "--all", "--format", "json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout), result.stderr

    def start_writer(
        self, count: int, *extra: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[str]:
        """A process that saves `count` sessions on this machine, as sessions are saved."""
        return subprocess.Popen(
            [sys.executable, str(WRITER), str(count), *extra],
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def session_ids(device: str, count: int) -> list[str]:
    """The ids the writer gives the sessions of `device`."""
    return [f"{device}-{index:04d}" for index in range(count)]
