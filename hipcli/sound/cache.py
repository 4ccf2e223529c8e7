"""The synthesised sounds as WAV files in the user's cache folder, made once and reused.

Why a cache rather than files shipped in the wheel: the volume is part of the samples (so that
players without a volume option, such as `aplay`, play at the chosen level), and a breath tone
lasts as long as its phase, which every routine may set differently. Synthesis takes a few
hundred milliseconds, once; a file's name carries everything that shapes it (see
`synth.file_name`), so a change of volume or of the synthesis makes a new file, never a stale
one. Where the cache folder cannot be written (a read-only home, no home at all), the files go
to a private temporary folder for the session instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from hipcli import paths
from hipcli.sound.synth import figure_for, file_name, render, write_wav

SOUNDS_DIR = "sounds"


class SoundCache:
    """Finds or makes the WAV file of each sound at one volume."""

    def __init__(self, volume: int, directory: Path | None = None) -> None:
        self.volume = volume
        self._directory = directory
        self._temporary: Path | None = None
        self._lock = threading.Lock()

    @property
    def directory(self) -> Path:
        """Where the files are: `<cache>/sounds`, or a temporary folder if that cannot be used."""
        with self._lock:
            if self._directory is None:
                try:
                    wanted = paths.cache_dir() / SOUNDS_DIR
                    wanted.mkdir(parents=True, exist_ok=True)
                    if not os.access(wanted, os.W_OK):
                        raise PermissionError(f"{wanted} is not writable")
                    self._directory = wanted
                except (OSError, paths.NoHomeError):
                    self._temporary = Path(tempfile.mkdtemp(prefix="hipcli-sounds-"))
                    self._directory = self._temporary
            return self._directory

    def has(self, name: str, length_s: float = 0.0) -> bool:
        """Whether the file of sound `name` is made already (a look, not a making: ~0.1 ms)."""
        return self._target(name, length_s).exists()

    def _target(self, name: str, length_s: float) -> Path:
        return self.directory / file_name(name, self.volume, round(length_s, 1))

    def path(self, name: str, length_s: float = 0.0) -> Path:
        """The WAV file of sound `name` (a breath tone `length_s` long), made if missing."""
        length = round(length_s, 1)
        target = self._target(name, length)
        if target.exists():
            return target
        samples = render(figure_for(name, length), self.volume)
        # Written under a name of its own, then renamed: a player never reads half a file, and
        # two sessions making the same sound at once both end up with a whole one.
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".wav", dir=target.parent)
        os.close(handle)
        try:
            write_wav(Path(temporary), samples)
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return target

    def cleanup(self) -> None:
        """Remove the temporary folder, if one was needed."""
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
