"""Players and speech, tested by really running commands: a recording script, aplay, espeak-ng."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from hipcli.settings import Settings
from hipcli.sound.commands import (
    SPEECH_ENV,
    Command,
    CommandLineError,
    find_player,
    find_speech,
    parse_command_line,
)
from hipcli.sound.player import CuePlayer, SoundSetup, choose_sound
from hipcli.sound.processes import Channels

RECORDER = """\
import os, sys, time
with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write(repr((os.getpid(), sys.argv[2:])) + "\\n")
time.sleep(float(os.environ.get("HOLD_S", "0")))
"""


def eventually(condition: Callable[[], bool], what: str, timeout_s: float = 15.0) -> None:
    """Wait for something a background process does (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


class Recorder:
    """A command line that notes its pid and arguments in a log, then waits `hold_s`."""

    def __init__(self, tmp_path: Path, name: str = "recorded") -> None:
        self.script = tmp_path / f"{name}.py"
        self.script.write_text(RECORDER, encoding="utf-8")
        self.log = tmp_path / f"{name}.log"

    @property
    def line(self) -> str:
        return shlex.join([sys.executable, str(self.script), str(self.log)])

    def calls(self) -> list[tuple[int, list[str]]]:
        if not self.log.exists():
            return []
        return [eval(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its parent) is not playing anything.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[1].startswith("Z"))


def tones(recorder: Recorder, **extra: object) -> SoundSetup:
    player = parse_command_line(recorder.line, what="sound_command")
    return SoundSetup(sound="tones", player=player, **extra)  # type: ignore[arg-type]


# --- finding the commands -------------------------------------------------------------------------


def fake_which(*present: str) -> Callable[[str], str | None]:
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_the_first_player_found_is_used_in_the_documented_order() -> None:
    everything = fake_which("pw-play", "paplay", "aplay", "afplay")
    assert find_player(70, which=everything, platform="linux").name == "pw-play"  # type: ignore[union-attr]
    only_aplay = find_player(70, which=fake_which("aplay"), platform="linux")
    assert only_aplay == Command("aplay", ("/usr/bin/aplay", "-q"))
    assert find_player(70, which=fake_which("afplay"), platform="darwin").name == "afplay"  # type: ignore[union-attr]
    assert find_player(70, which=fake_which(), platform="linux") is None
    windows = find_player(70, which=fake_which(), platform="win32")
    assert windows is not None
    assert windows.name == "winsound"


def test_speech_is_found_per_platform_with_the_volume() -> None:
    espeak = find_speech(70, which=fake_which("espeak-ng", "spd-say"), platform="linux")
    assert espeak == Command("espeak-ng", ("/usr/bin/espeak-ng", "-a", "98"))
    spd = find_speech(50, which=fake_which("spd-say"), platform="linux")
    assert spd is not None
    assert spd.argv == ("/usr/bin/spd-say", "-w", "-i", "0")
    assert spd.stop_argv == ("/usr/bin/spd-say", "-C")
    say = find_speech(70, which=fake_which("say"), platform="darwin")
    assert say is not None
    assert say.argv == ("say",)
    assert find_speech(70, which=fake_which(), platform="linux") is None


def test_windows_speech_gets_the_words_in_the_environment_never_in_its_script() -> None:
    speech = find_speech(60, which=fake_which("powershell"), platform="win32")
    assert speech is not None
    words = "Rest'; Remove-Item -Recurse C:\\ #"
    argv, env = speech.with_argument(words)
    assert env == {SPEECH_ENV: words}
    assert not any(words in part for part in argv)
    assert "$s.Volume = 60" in argv[-1]


def test_a_users_command_line_gets_the_file_or_words_as_its_last_argument() -> None:
    command = parse_command_line("mpv --really-quiet 'my dir/x'", what="sound_command")
    assert command.name == "your sound_command (mpv)"
    assert command.with_argument("/tmp/hold.wav") == (
        ("mpv", "--really-quiet", "my dir/x", "/tmp/hold.wav"),
        {},
    )


def test_words_that_start_with_a_dash_are_never_taken_for_an_option() -> None:
    argv, _ = Command("espeak-ng", ("espeak-ng",)).with_argument("-w /etc/passwd")
    assert argv == ("espeak-ng", " -w /etc/passwd")


def test_an_unreadable_command_line_is_a_calm_message() -> None:
    with pytest.raises(CommandLineError, match=r"The sound_command 'play \"x' cannot be read"):
        parse_command_line('play "x', what="sound_command")


# --- choosing from settings and options -----------------------------------------------------------

LINUX = {"which": fake_which("aplay", "espeak-ng"), "platform": "linux"}
BARE = {"which": fake_which(), "platform": "linux"}


def test_tones_are_the_default_where_a_player_exists_else_the_bell() -> None:
    assert choose_sound(Settings(), **LINUX).sound == "tones"  # type: ignore[arg-type]
    bare = choose_sound(Settings(), **BARE)  # type: ignore[arg-type]
    assert bare.sound == "bell"
    assert bare.notes == ()  # nothing was asked for that is missing


def test_quiet_means_no_sound_and_no_voice_whatever_the_settings() -> None:
    setup = choose_sound(
        Settings(sound="tones", voice=True, breath_sound=True),
        quiet=True,
        **LINUX,  # type: ignore[arg-type]
    )
    assert (setup.sound, setup.voice, setup.breath) == ("none", None, False)


def test_the_option_wins_over_the_setting() -> None:
    assert choose_sound(Settings(sound="bell"), sound="none", **LINUX).sound == "none"  # type: ignore[arg-type]
    assert choose_sound(Settings(voice=True), voice=False, **LINUX).voice is None  # type: ignore[arg-type]
    voice = choose_sound(Settings(), voice=True, **LINUX).voice  # type: ignore[arg-type]
    assert voice is not None
    assert voice.name == "espeak-ng"


def test_the_old_bell_setting_turned_off_still_means_silence() -> None:
    assert choose_sound(Settings(bell=False), **LINUX).sound == "none"  # type: ignore[arg-type]


def test_what_was_asked_for_but_missing_is_told_once() -> None:
    setup = choose_sound(Settings(sound="tones", voice=True), **BARE)  # type: ignore[arg-type]
    assert setup.sound == "bell"
    assert setup.voice is None
    assert len(setup.notes) == 2
    assert "No sound player was found" in setup.notes[0]
    assert "No speech was found" in setup.notes[1]


def test_the_commands_from_settings_win_over_the_platforms() -> None:
    settings = Settings(voice=True, sound_command="mpv --quiet", speech_command="say -v Ava")
    setup = choose_sound(settings, **BARE)  # type: ignore[arg-type]
    assert setup.player == Command("your sound_command (mpv)", ("mpv", "--quiet"))
    assert setup.voice == Command("your speech_command (say)", ("say", "-v", "Ava"))


def test_breath_tones_need_a_player() -> None:
    assert choose_sound(Settings(breath_sound=True), **LINUX).breath  # type: ignore[arg-type]
    assert not choose_sound(Settings(breath_sound=True), **BARE).breath  # type: ignore[arg-type]


# --- playing, for real ----------------------------------------------------------------------------


def test_a_sound_really_plays_through_the_sound_command_with_the_wav_path(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path)
    player = CuePlayer(tones(recorder))
    try:
        assert player.play("switch") is False
        eventually(lambda: len(recorder.calls()) == 1, "the sound command ran")
        ((_, argv),) = recorder.calls()
        (path,) = argv
        assert Path(path).name.startswith("switch-70-")
        with wave.open(path, "rb") as file:
            assert file.getnframes() > 0
    finally:
        player.close()
    assert player.check() == ([], False)


def test_the_speech_command_gets_the_words(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path, "speech")
    speech = parse_command_line(recorder.line, what="speech_command")
    player = CuePlayer(SoundSetup(sound="none", voice=speech))
    try:
        player.play("hold", "Pigeon, left side, 1 minute.")
        eventually(lambda: len(recorder.calls()) == 1, "the speech command ran")
        assert recorder.calls()[0][1] == ["Pigeon, left side, 1 minute."]
    finally:
        player.close()


def test_a_new_cue_replaces_the_one_still_playing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOLD_S", "60")
    recorder = Recorder(tmp_path)
    player = CuePlayer(tones(recorder))
    try:
        player.play("hold")
        eventually(lambda: len(recorder.calls()) == 1, "the first sound started")
        player.play("switch")
        eventually(lambda: len(recorder.calls()) == 2, "the second sound started")
        (first, _), (second, _) = recorder.calls()
        eventually(lambda: not alive(first), "the first sound was ended")
        assert alive(second)
        player.check()  # reaps the first: ended by us, so no failure
        assert player.check() == ([], False)
    finally:
        player.close()
    assert not alive(second)


def test_every_sound_and_voice_process_ends_with_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOLD_S", "60")
    sound, speech = Recorder(tmp_path, "s"), Recorder(tmp_path, "v")
    setup = tones(sound, voice=parse_command_line(speech.line, what="speech_command"), breath=True)
    player = CuePlayer(setup)
    player.play("inhale", duration_s=4.0)
    player.play("hold", "Hold.")
    eventually(lambda: len(sound.calls()) == 2 and len(speech.calls()) == 1, "all three started")
    pids = [pid for pid, _ in sound.calls() + speech.calls()]
    assert all(alive(pid) for pid in pids)
    player.close()
    assert not any(alive(pid) for pid in pids)


def test_play_returns_before_a_slow_player_has_even_started(tmp_path: Path) -> None:
    release = threading.Event()
    started: list[list[str]] = []

    def slow_popen(argv: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        release.wait(10)  # a player that takes its time to start
        started.append(list(argv))
        return subprocess.Popen(["true"])

    recorder = Recorder(tmp_path)
    player = CuePlayer(tones(recorder), channels=Channels(popen=slow_popen))
    try:
        player.play("hold")
        player.play("rest")
        assert started == []  # both calls came back while the first start was still waiting
        release.set()
        player.channels.wait_idle()
        assert [Path(argv[-1]).name.split("-")[0] for argv in started] == ["hold", "rest"]
    finally:
        release.set()
        player.close()


def test_a_broken_player_falls_back_to_the_bell_with_one_calm_notice(tmp_path: Path) -> None:
    broken = parse_command_line(
        shlex.join([sys.executable, "-c", "raise SystemExit(3)"]), what="sound_command"
    )
    player = CuePlayer(SoundSetup(sound="tones", player=broken))
    try:
        assert player.play("hold") is False
        player.channels.wait_idle()
        eventually(lambda: not player.channels.playing("sound"), "the player ended")
        notices, ring = player.check()
        assert ring is True  # the cue that failed is still marked, by the bell
        (notice,) = notices
        assert notice.startswith("The sound player (your sound_command (")
        assert notice.endswith(
            "did not work: it ended with status 3. The terminal bell marks each change instead."
        )
        assert "Traceback" not in notice
        assert player.play("switch") is True  # from now on, the bell
        assert player.play("inhale", duration_s=4) is False  # never a bell for each breath
        assert player.check() == ([], False)  # told once
    finally:
        player.close()


def test_a_missing_player_is_told_calmly_too(tmp_path: Path) -> None:
    missing = parse_command_line(str(tmp_path / "no-such-player"), what="sound_command")
    player = CuePlayer(SoundSetup(sound="tones", player=missing))
    try:
        player.play("hold")
        player.channels.wait_idle()
        notices, ring = player.check()
        assert ring is True
        (notice,) = notices
        assert notice.startswith("The sound player (your sound_command (")
        assert "it could not start" in notice
        assert notice.endswith("The terminal bell marks each change instead.")
    finally:
        player.close()


def test_a_broken_voice_is_left_out_and_the_sounds_go_on(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path)
    broken = parse_command_line("false", what="speech_command")
    player = CuePlayer(tones(recorder, voice=broken))
    try:
        player.play("hold", "Hold.")
        eventually(lambda: len(recorder.calls()) == 1, "the sound played")
        eventually(lambda: bool(player.check()[0]), "the voice's failure was noticed")
        player.play("rest", "Rest.")
        eventually(lambda: len(recorder.calls()) == 2, "the next sound played")
        assert player.setup.voice is None
    finally:
        player.close()


def test_the_bell_setting_rings_for_events_and_never_for_breaths() -> None:
    player = CuePlayer(SoundSetup(sound="bell", breath=True))
    assert player.play("hold") is True
    assert player.play("inhale", duration_s=4) is False
    assert player.play(None, "words, but no voice") is False
    player.close()


def test_no_sound_means_no_bell_either() -> None:
    player = CuePlayer(SoundSetup(sound="none"))
    assert player.play("complete") is False
    player.close()


@pytest.mark.skipif(not shutil.which("aplay"), reason="aplay (alsa-utils) is not installed")
def test_aplay_plays_every_sound_to_the_null_device(tmp_path: Path) -> None:
    player = CuePlayer(
        SoundSetup(
            sound="tones",
            player=parse_command_line("aplay -q -D null", what="sound_command"),
            breath=True,
        )
    )
    try:
        for name in ("hold", "switch", "rest", "halfway", "last-ten", "complete", "inhale"):
            player.play(name, duration_s=1.0)
            player.channels.wait_idle()
            eventually(lambda: not player.channels.playing("sound"), f"{name} played")
            eventually(lambda: not player.channels.playing("breath"), f"{name} played")
        assert player.check() == ([], False)  # aplay accepted every file
    finally:
        player.close()


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_espeak_ng_really_speaks_the_words(tmp_path: Path) -> None:
    out = tmp_path / "spoken.wav"
    speech = parse_command_line(f"espeak-ng -w {shlex.quote(str(out))}", what="speech_command")
    player = CuePlayer(SoundSetup(sound="none", voice=speech))
    try:
        player.play(None, "Pigeon, left side, 1 minute.")
        player.channels.wait_idle()
        eventually(lambda: not player.channels.playing("voice"), "espeak-ng finished")
        assert player.check() == ([], False)
    finally:
        player.close()
    with wave.open(str(out), "rb") as file:
        assert file.getnframes() / file.getframerate() > 1.0  # about two seconds of speech


class OrderedCache:
    """Records the files asked for; holds back every file after the first `quick` ones."""

    def __init__(self, quick: int) -> None:
        self.made: list[tuple[str, float]] = []
        self.quick = quick
        self.release = threading.Event()

    def has(self, name: str, length_s: float = 0.0) -> bool:
        return False  # a first session: nothing made yet

    def path(self, name: str, length_s: float = 0.0) -> Path:
        if len(self.made) >= self.quick:
            self.release.wait(10)
        self.made.append((name, length_s))
        return Path(f"/nowhere/{name}-{length_s}.wav")

    def cleanup(self) -> None:
        """Nothing was written."""


def test_the_sounds_a_session_starts_with_are_made_first_and_say_so(tmp_path: Path) -> None:
    # The first segment's sound and the inhale tones come first: the session's clock waits for
    # them (`ready()`), not for every file.
    cache = OrderedCache(quick=3)
    player = CuePlayer(
        tones(Recorder(tmp_path), breath=True),
        channels=Channels(),
        cache=cache,  # type: ignore[arg-type]
    )
    player.prepare([4.0, 6.0], first="rest")
    eventually(player.ready, "the first sounds made")
    assert cache.made == [("rest", 0.0), ("inhale", 4.0), ("inhale", 6.0)]
    cache.release.set()
    eventually(lambda: len(cache.made) == 10, "every file made")  # six events, four tones
    assert ("hold", 0.0) in cache.made[3:]
    assert ("exhale", 6.0) in cache.made[3:]
    player.close()


class MadeCache(OrderedCache):
    """Every file already made by an earlier session; making one would block."""

    def has(self, name: str, length_s: float = 0.0) -> bool:
        return True


def test_sounds_made_by_an_earlier_session_are_ready_at_once(tmp_path: Path) -> None:
    # The clock need not wait for the thread (its imports and look-ups take turns with the
    # screen): the files are looked for first, and found.
    cache = MadeCache(quick=0)
    player = CuePlayer(
        tones(Recorder(tmp_path), breath=True),
        channels=Channels(),
        cache=cache,  # type: ignore[arg-type]
    )
    player.prepare([4.0], first="hold")
    assert player.ready()
    cache.release.set()
    player.close()


def test_made_already_looks_for_the_files_a_session_starts_with(tmp_path: Path) -> None:
    setup = tones(Recorder(tmp_path), breath=True)
    assert CuePlayer(setup, cache=MadeCache(quick=0)).made_already([4.0], first="hold")  # type: ignore[arg-type]
    assert not CuePlayer(setup, cache=OrderedCache(quick=0)).made_already([4.0], first="hold")  # type: ignore[arg-type]
