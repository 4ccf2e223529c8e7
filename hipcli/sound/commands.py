"""The commands that play a sound file and speak a sentence: the user's, or the platform's own.

A user's `sound_command` / `speech_command` is a command line: the WAV file's path (or the text
to speak) is appended as its last argument. Otherwise the first player found on the PATH is
used: `pw-play`, `paplay`, `aplay` (Linux), `afplay` (macOS), Python's own `winsound` (Windows);
and for speech `espeak-ng`, `spd-say` (Linux), `say` (macOS), the built-in System.Speech through
PowerShell (Windows). Each is run as a plain argument list, never through a shell, so text from
a routine file is only ever words to say.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import NamedTuple

Which = Callable[[str], str | None]

# Text reaches PowerShell in this environment variable, never inside its script.
SPEECH_ENV = "HIPCLI_SPEECH_TEXT"
_POWERSHELL_SAY = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$s.Volume = {volume}; $s.Speak($env:" + SPEECH_ENV + ")"
)
_WINSOUND_PLAY = "import sys, winsound; winsound.PlaySound(sys.argv[1], winsound.SND_FILENAME)"


class Command(NamedTuple):
    """A way to play a file or say a sentence.

    `argv` is the command; what to play or say is appended as its last argument, or, when
    `via_env` is set, passed in the environment variable `SPEECH_ENV` instead. `name` is what
    people are told ("aplay", "espeak-ng", "your sound_command").
    """

    name: str
    argv: tuple[str, ...]
    via_env: bool = False
    stop_argv: tuple[str, ...] = ()  # run to silence it (speech daemons)

    def with_argument(self, argument: str) -> tuple[tuple[str, ...], dict[str, str]]:
        """The argument list and extra environment that play or say `argument`."""
        if self.via_env:
            return self.argv, {SPEECH_ENV: argument}
        # A sentence that starts with "-" must not be taken for an option of the command.
        safe = f" {argument}" if argument.startswith("-") else argument
        return (*self.argv, safe), {}


class CommandLineError(ValueError):
    """A command line in the settings that cannot be split into words (an open quote)."""


def parse_command_line(line: str, *, what: str) -> Command:
    """A user's command line as a `Command`; CommandLineError with a calm message if unusable."""
    import shlex  # deferred: only a user's own command line needs splitting

    try:
        words = shlex.split(line, posix=sys.platform != "win32")
    except ValueError as error:
        raise CommandLineError(f"The {what} {line!r} cannot be read ({error}).") from None
    if not words:
        raise CommandLineError(f"The {what} is empty.")
    return Command(f"your {what} ({words[0]})", tuple(words))


def find_player(
    volume: int, *, which: Which = shutil.which, platform: str = sys.platform
) -> Command | None:
    """The platform's own way to play a WAV file, or None if there is none."""
    del volume  # the volume is in the samples themselves: aplay and afplay play them as they are
    if platform == "win32":
        return Command("winsound", (sys.executable, "-c", _WINSOUND_PLAY))
    candidates = {
        "pw-play": ("pw-play",),
        "paplay": ("paplay",),
        "aplay": ("aplay", "-q"),
        "afplay": ("afplay",),
    }
    for name, argv in candidates.items():
        found = which(name)
        if found:
            return Command(name, (found, *argv[1:]))
    return None


def find_speech(
    volume: int, *, which: Which = shutil.which, platform: str = sys.platform
) -> Command | None:
    """The platform's own speech, at `volume` percent, or None if there is none."""
    if platform == "win32":
        shell = which("powershell") or which("pwsh")
        if not shell:
            return None
        script = _POWERSHELL_SAY.format(volume=volume)
        return Command(
            "Windows speech",
            (shell, "-NoProfile", "-NonInteractive", "-Command", script),
            via_env=True,
        )
    if platform == "darwin" and which("say"):
        return Command("say", ("say",))  # follows the system's output volume
    espeak = which("espeak-ng")
    if espeak:
        # espeak-ng's amplitude runs 0..200 with 100 as normal: 70 % is a little under normal.
        return Command("espeak-ng", (espeak, "-a", str(round(volume * 1.4))))
    spd = which("spd-say")
    if spd:
        # -w waits until the sentence is spoken, so that stopping the process can stop it too.
        return Command("spd-say", (spd, "-w", "-i", str(volume * 2 - 100)), stop_argv=(spd, "-C"))
    return None
