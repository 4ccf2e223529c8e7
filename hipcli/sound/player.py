"""What a session sounds like: the choice made from settings and options, and the player.

`choose_sound()` turns the settings (`sound`, `voice`, `voice_cues`, `breath_sound`, `volume`,
`sound_command`, `speech_command`, and the older `bell`) and the command line's `--sound`,
`--voice/--no-voice` and `--quiet` into a `SoundSetup`. `CuePlayer` plays a session's cues with
it: a face hands it each cue's sound name and words and rings the terminal bell when `play()`
says so. Nothing here blocks: files are made ahead in the background and processes start on a
worker thread (see `processes.Channels`).
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from hipcli.settings import Settings
from hipcli.sound.commands import (
    Command,
    CommandLineError,
    Which,
    find_player,
    find_speech,
    parse_command_line,
)

if TYPE_CHECKING:
    from hipcli.sound.cache import SoundCache
    from hipcli.sound.processes import Channels, Failure

TONES, BELL, NONE = "tones", "bell", "none"
BREATHS = ("inhale", "exhale")  # the sounds of the breath (hipcli.sound.synth makes them)


class SoundSetup(NamedTuple):
    """How a session sounds.

    `sound` is "tones" (played with `player`), "bell" (the terminal's) or "none". `voice` is the
    speech command, or None for no voice; `read_cues` also reads each step's cue aloud;
    `breath` plays the breath tones. `notes` are sentences to tell the person once, about what
    was asked for but could not be found.
    """

    sound: str = NONE
    player: Command | None = None
    voice: Command | None = None
    read_cues: bool = False
    breath: bool = False
    volume: int = 70
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for people: "tones through aplay · voice: espeak-ng"."""
        if self.sound == TONES and self.player is not None:
            sound = f"tones through {self.player.name}"
        elif self.sound == BELL:
            sound = "the terminal bell"
        else:
            sound = "no sound"
        voice = f"voice: {self.voice.name}" if self.voice else "no voice"
        return f"{sound} · {voice}"


QUIET = SoundSetup()


def choose_sound(
    settings: Settings,
    *,
    sound: str | None = None,
    voice: bool | None = None,
    quiet: bool = False,
    which: Which | None = None,
    platform: str | None = None,
) -> SoundSetup:
    """The session's sound from the settings, overridden by the command line's options.

    `which` and `platform` (default: `shutil.which`, `sys.platform`) say what is installed.
    """
    if quiet:
        return QUIET
    which = which or shutil.which
    platform = platform or sys.platform
    notes: list[str] = []
    wanted = sound or settings.sound
    if wanted is None:
        # `bell = false` (from before there were tones) still means a session without sound.
        wanted = TONES if settings.bell else NONE
    player = None
    if wanted == TONES:
        player = _command(settings.sound_command, "sound_command", notes) or find_player(
            settings.volume, which=which, platform=platform
        )
        if player is None:
            wanted = BELL
            if (sound or settings.sound) == TONES:
                notes.append(
                    "No sound player was found (pw-play, paplay, aplay or afplay), so the "
                    "terminal bell marks each change. Set sound_command to choose one."
                )
    speech = None
    if settings.voice if voice is None else voice:
        speech = _command(settings.speech_command, "speech_command", notes) or find_speech(
            settings.volume, which=which, platform=platform
        )
        if speech is None:
            notes.append(
                "No speech was found (espeak-ng, spd-say or say), so the session goes on "
                "without the voice. Set speech_command to choose one."
            )
    return SoundSetup(
        sound=wanted,
        player=player,
        voice=speech,
        read_cues=settings.voice_cues,
        breath=settings.breath_sound and player is not None,
        volume=settings.volume,
        notes=tuple(notes),
    )


def _command(line: str | None, what: str, notes: list[str]) -> Command | None:
    if line is None:
        return None
    try:
        return parse_command_line(line, what=what)
    except CommandLineError as error:
        notes.append(f"{error} hipcli uses the system's own instead.")
        return None


class CuePlayer:
    """Plays a session's sounds and speaks its words, never holding up the caller."""

    def __init__(
        self,
        setup: SoundSetup,
        *,
        channels: Channels | None = None,
        cache: SoundCache | None = None,
    ) -> None:
        self.setup = setup
        # The processes and the files are set up on first use, after the session's first frame:
        # their modules (subprocess, threading, wave, hashlib) need not delay it.
        self._channels_given = channels
        self._cache_given = cache
        self._bell_instead = setup.sound == BELL
        self._told: set[str] = set()
        self._notices: list[str] = list(setup.notes)
        self._preparing: threading.Thread | None = None
        self._first_made = threading.Event()

    @property
    def channels(self) -> Channels:
        """The background processes (their start latencies are measured there)."""
        if self._channels_given is None:
            from hipcli.sound.processes import Channels

            self._channels_given = Channels()
        return self._channels_given

    @property
    def _cache(self) -> SoundCache:
        if self._cache_given is None:
            from hipcli.sound.cache import SoundCache

            self._cache_given = SoundCache(self.setup.volume)
        return self._cache_given

    def _files(
        self, breath_lengths: Iterable[float], first: str | None
    ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The session's sound files: those it starts with (the `first` segment's sound and the
        inhale tones), and the others."""
        if self.setup.sound != TONES:
            return [], []
        from hipcli.sound.synth import EVENTS

        wanted = [(name, 0.0) for name in EVENTS]
        if self.setup.breath:
            wanted += [(kind, length) for length in sorted(set(breath_lengths)) for kind in BREATHS]
        soon = [(name, length) for name, length in wanted if name in (first, "inhale")]
        return soon, [item for item in wanted if item not in soon]

    def _missing(self, files: list[tuple[str, float]]) -> list[tuple[str, float]]:
        # A look (~0.1 ms a file); an error here is met again when the file is made, and playing
        # reports it.
        try:
            return [(name, length) for name, length in files if not self._cache.has(name, length)]
        except OSError:
            return files

    def made_already(self, breath_lengths: Iterable[float] = (), first: str | None = None) -> bool:
        """Whether the files a session starts with were made by an earlier session (the usual
        case): then its clock can start before `prepare`, which need not delay it."""
        return not self._missing(self._files(breath_lengths, first)[0])

    def prepare(self, breath_lengths: Iterable[float] = (), first: str | None = None) -> None:
        """Start the players' workers and make the session's sound files in the background, so
        that each sound plays the moment it is due: the `first` segment's sound and the inhale
        tones before the others (`ready()` says when those are made)."""
        if self._preparing is not None:
            return
        wanted_channels = [
            name
            for name, used in (
                ("sound", self.setup.sound == TONES),
                ("breath", self.setup.breath),
                ("voice", self.setup.voice is not None),
            )
            if used
        ]
        self.channels.warm(*wanted_channels)
        soon, later = self._files(breath_lengths, first)
        if not soon and not later:
            return
        soon = self._missing(soon)  # usually made already: then the clock need not wait
        if not soon:
            self._first_made.set()

        def make() -> None:
            try:
                for name, length in soon:
                    self._cache.path(name, length)
                self._first_made.set()
                for name, length in later:
                    self._cache.path(name, length)
            except OSError:
                pass  # playing will try again, and report what goes wrong
            finally:
                self._first_made.set()

        self._preparing = threading.Thread(target=make, name="hipcli-sound-files", daemon=True)
        self._preparing.start()

    def ready(self) -> bool:
        """Whether the sounds a session starts with are made (True when none are being made)."""
        return self._preparing is None or self._first_made.is_set()

    def play(self, sound: str | None, words: str | None = None, duration_s: float = 0.0) -> bool:
        """Start `sound` (and say `words`); True when the caller should ring the terminal bell."""
        ring = False
        if sound is not None and self.setup.sound != NONE:
            breath = sound in BREATHS
            if breath and not self.setup.breath:
                pass
            elif self._bell_instead:
                ring = not breath  # a bell on every breath would be noise
            elif self.setup.player is not None:
                channel = "breath" if breath else "sound"
                self.channels.start(
                    channel, self.setup.player, lambda: str(self._cache.path(sound, duration_s))
                )
        if words and self.setup.voice is not None:
            self.channels.start("voice", self.setup.voice, lambda: words)
        return ring

    def silence(self) -> None:
        """Stop whatever is sounding now (a pause, the end)."""
        for channel in ("sound", "breath", "voice"):
            self.channels.silence(channel)

    def check(self) -> tuple[list[str], bool]:
        """Calm notices to show (each once), and whether a failed player means "ring the bell now".

        A player that fails makes every later sound the terminal bell; a voice that fails is
        left out for the rest of the session.
        """
        ring = False
        if self._channels_given is None:
            return self._take_notices(), False  # nothing has played yet
        for failure in self.channels.poll():
            ring = self._failed(failure) or ring
        return self._take_notices(), ring

    def _take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def _failed(self, failure: Failure) -> bool:
        key = failure.command.name
        if key in self._told:
            return False
        self._told.add(key)
        if failure.channel == "voice":
            self.setup = _replace_voice(self.setup)
            self._notices.append(
                f"The voice ({failure.command.name}) did not work: {failure.detail}. "
                "The session goes on without it."
            )
            return False
        self._bell_instead = True
        self._notices.append(
            f"The sound player ({failure.command.name}) did not work: {failure.detail}. "
            "The terminal bell marks each change instead."
        )
        return failure.channel == "sound"

    def close(self) -> None:
        """End every sound and voice process; remove temporary files."""
        if self._channels_given is not None:
            self._channels_given.close()
        if self._preparing is not None:
            self._preparing.join(timeout=2.0)
        if self._cache_given is not None:
            self._cache_given.cleanup()


def _replace_voice(setup: SoundSetup) -> SoundSetup:
    return SoundSetup(
        setup.sound, setup.player, None, setup.read_cues, setup.breath, setup.volume, setup.notes
    )
