"""The session's sounds and voice as the screen plays them: what, when, on which channel; pauses,
failures, and every process ended with the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli.sound import Command, CuePlayer, SoundSetup
from hipcli.sound.commands import parse_command_line
from hipcli.sound.processes import Channels, Failure
from hipcli.tui.app import SessionApp
from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, routine
from tests.unit.sound.test_player import Recorder, alive, eventually

PLAYER = Command("test player", ("play",))
VOICE = Command("test voice", ("say",))


class FakeCache:
    """Names instead of files: the screen's choices without synthesising anything."""

    volume = 70

    def has(self, name: str, length_s: float = 0.0) -> bool:
        return True  # as if an earlier session made them

    def path(self, name: str, length_s: float = 0.0) -> Path:
        return Path(f"/sounds/{name}-{length_s:g}.wav")

    def cleanup(self) -> None:
        pass


class FakeChannels(Channels):
    """Records what would start, and can report a failure once."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[tuple[str, str]] = []
        self.silenced: list[str] = []
        self.failures: list[Failure] = []

    def start(self, channel: str, command: Command, prepare) -> None:  # type: ignore[no-untyped-def]
        argument = prepare()
        self.started.append((channel, Path(argument).stem if channel != "voice" else argument))

    def silence(self, channel: str) -> None:
        self.silenced.append(channel)

    def poll(self) -> list[Failure]:
        failures, self.failures = self.failures, []
        return failures


def app_with(
    setup: SoundSetup, tmp_path: Path, clock: FakeClock, text: str = HOLD_ROUTINE
) -> tuple[SessionApp, FakeChannels]:
    channels = FakeChannels()
    player = CuePlayer(setup, channels=channels, cache=FakeCache())  # type: ignore[arg-type]
    app = SessionApp(
        routine(text),
        journal=tmp_path / "j.toml",
        player=player,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,
    )
    return app, channels


async def test_each_moment_plays_its_sound_and_the_voice_names_the_pose_and_side(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app, channels = app_with(SoundSetup(sound="tones", player=PLAYER, voice=VOICE), tmp_path, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(5 + 90 + 10 + 2):
            advance(app, clock, 1.0)
        await pilot.pause()
    assert channels.started == [
        ("voice", "Get ready. Pigeon, folded forward, left side."),
        ("sound", "hold-0"),
        ("voice", "Pigeon, folded forward, left side, 1 minute 30 seconds."),
        ("sound", "halfway-0"),
        ("voice", "Half way."),
        ("sound", "last-ten-0"),
        ("voice", "Last ten seconds."),
        ("sound", "switch-0"),
        ("voice", "Switch sides."),
        ("sound", "hold-0"),
        ("voice", "Pigeon, folded forward, right side, 1 minute 30 seconds."),
    ]


async def test_with_voice_cues_the_cue_is_read_before_the_hold(tmp_path: Path) -> None:
    clock = FakeClock()
    setup = SoundSetup(sound="none", voice=VOICE, read_cues=True)
    app, channels = app_with(setup, tmp_path, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
    ((channel, words),) = channels.started
    assert channel == "voice"
    assert words.startswith("Get ready. Pigeon, folded forward, left side. Slide the knee")
    assert words.endswith("If the knee complains, back out.")


async def test_breath_tones_follow_the_phases_on_their_own_channel(tmp_path: Path) -> None:
    clock = FakeClock()
    setup = SoundSetup(sound="tones", player=PLAYER, breath=True)
    app, channels = app_with(setup, tmp_path, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(5 + 13):
            advance(app, clock, 1.0)
    breaths = [what for channel, what in channels.started if channel == "breath"]
    # Extended exhale: 4 s in, 8 s out, then in again.
    assert breaths == ["inhale-4", "exhale-8", "inhale-4"]


async def test_pausing_silences_what_is_sounding_and_holds_the_next_cue_back(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    setup = SoundSetup(sound="tones", player=PLAYER, voice=VOICE, breath=True)
    app, channels = app_with(setup, tmp_path, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0 + 20.0)
        await pilot.press("space")
        assert set(channels.silenced) == {"sound", "breath", "voice"}
        before = list(channels.started)
        advance(app, clock, 600.0)
        assert channels.started == before


async def test_a_failed_player_is_told_once_and_the_bell_takes_over(tmp_path: Path) -> None:
    clock = FakeClock()
    app, channels = app_with(SoundSetup(sound="tones", player=PLAYER), tmp_path, clock)
    rings: list[None] = []
    app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0)
        channels.failures = [Failure("sound", PLAYER, "it ended with status 1")]
        advance(app, clock, 0.1)
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert notices == [
            "The sound player (test player) did not work: it ended with status 1. "
            "The terminal bell marks each change instead."
        ]
        assert len(rings) == 1  # the cue that failed
        advance(app, clock, 90.0)  # the switch: now the bell
        assert len(rings) == 2
        channels.failures = [Failure("sound", PLAYER, "it ended with status 1")]
        advance(app, clock, 0.1)
        await pilot.pause()
        assert len(app._notifications) == 1  # told once


async def test_quiet_plays_nothing_and_rings_nothing(tmp_path: Path) -> None:
    clock = FakeClock()
    app, channels = app_with(SoundSetup(), tmp_path, clock)
    rings: list[None] = []
    app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(120):
            advance(app, clock, 1.0)
    assert channels.started == []
    assert rings == []


async def test_every_sound_process_ends_when_the_session_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOLD_S", "60")  # players that would go on for a minute
    recorder = Recorder(tmp_path)
    speech = Recorder(tmp_path, "speech")
    setup = SoundSetup(
        sound="tones",
        player=parse_command_line(recorder.line, what="sound_command"),
        voice=parse_command_line(speech.line, what="speech_command"),
    )
    clock = FakeClock()
    app = SessionApp(
        routine(HOLD_ROUTINE),
        journal=tmp_path / "j.toml",
        sound=setup,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0)  # the hold begins: a sound and the voice
        # The voice said "Get ready" in the lead-in, then the hold's words replaced it.
        eventually(lambda: len(recorder.calls()) == 1 and len(speech.calls()) == 2, "started")
        pids = [recorder.calls()[-1][0], speech.calls()[-1][0]]
        eventually(lambda: not alive(speech.calls()[0][0]), "the replaced voice ended")
        assert all(alive(pid) for pid in pids)
        await pilot.press("ctrl+q")
    assert not any(alive(pid) for pid in pids)
