"""`hipcli sound-check`: hear every sound and the voice before lying down, and set the volume."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import examples, fail, print_problems
from hipcli.settings import SOUNDS

if TYPE_CHECKING:
    from hipcli.sound import Command, CuePlayer

# What each sound marks, in the order a session plays them.
EVENTS = (
    ("hold", "a hold begins"),
    ("switch", "switch sides"),
    ("rest", "a rest begins"),
    ("halfway", "a hold is half done"),
    ("last-ten", "ten seconds left"),
    ("complete", "the session is complete"),
)
BREATHS = (("inhale", "breathe in (breath tones)"), ("exhale", "breathe out (breath tones)"))
BREATH_S = 3.0
SENTENCE = "This is the voice of your practice. Pigeon, left side, one minute."
GAP_S = 0.5  # a breath of silence between sounds, so each is heard on its own
LONGEST_S = 8.0  # no sound or sentence is longer; a player that hangs is not waited for past it


@click.command(
    "sound-check",
    epilog=examples(
        ("hipcli sound-check", "every sound, then one sentence"),
        ("hipcli sound-check --sound bell", "what the terminal bell sounds like"),
    )
    + "\n\nSettings: sound, voice, voice_cues, breath_sound, volume, sound_command,\n"
    "speech_command (environment: HIPCLI_SOUND_COMMAND, HIPCLI_SPEECH_COMMAND).",
)
@click.option("--sound", type=click.Choice(SOUNDS), help="Check this kind of sound instead.")
def sound_check_command(sound: str | None) -> None:
    """Play each sound of a session and speak one sentence, to set the volume before practice."""
    from hipcli.settings import SettingsError, load_settings
    from hipcli.sound import CuePlayer, choose_sound

    try:
        settings = load_settings()
    except SettingsError as error:
        print_problems(error.problems)
        sys.exit(1)
    # The voice is tried even when sessions do not use it, so that it can be heard first.
    setup = choose_sound(settings, sound=sound, voice=True)
    if setup.sound == "tones":
        setup = setup._replace(breath=True)  # heard here even when sessions leave them out
    for note in setup.notes:
        click.echo(note)
    click.echo(f"Sound: {_describe_sound(setup.sound, setup.player)} · volume {setup.volume} %.")
    player = CuePlayer(setup)
    failed = False
    try:
        if setup.sound != "none":
            player.prepare([BREATH_S])
            breaths = BREATHS if setup.sound == "tones" else ()
            for name, meaning in (*EVENTS, *breaths):
                click.echo(f"  {meaning}")
                if player.play(name, duration_s=BREATH_S):
                    _ring()
                channel = "breath" if (name, meaning) in BREATHS else "sound"
                failed = _wait(player, channel) or failed
        if setup.voice is None:
            click.echo("Voice: none found, so sessions have no voice.")
        else:
            state = (
                "on"
                if settings.voice
                else "off in sessions; turn it on with voice = true or --voice"
            )
            click.echo(f"Voice: {setup.voice.name} ({state}).")
            click.echo(f'  "{SENTENCE}"')
            player.play(None, SENTENCE)
            failed = _wait(player, "voice") or failed
    finally:
        player.close()
    if failed:
        fail("Something did not play; see above. Sessions will use the terminal bell instead.", 1)
    click.echo("If a sound was too loud or too soft, set volume (0 to 100) in your settings.")


def _describe_sound(kind: str, player: Command | None) -> str:
    if kind == "tones" and player is not None:
        return f"tones through {player.name}"
    return "the terminal bell" if kind == "bell" else 'none (sound = "none")'


def _ring() -> None:
    if sys.stdout.isatty():
        click.echo("\a", nl=False)


def _wait(player: CuePlayer, channel: str) -> bool:
    """Wait for the sound on `channel` to end; True (and the notice printed) if it failed."""
    player.channels.wait_idle()
    deadline = time.monotonic() + LONGEST_S
    while player.channels.playing(channel) and time.monotonic() < deadline:
        time.sleep(0.05)
    notices, _ = player.check()
    for notice in notices:
        click.echo(f"  {notice}", err=True)
    time.sleep(GAP_S)
    return bool(notices)
