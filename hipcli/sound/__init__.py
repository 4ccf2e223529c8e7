"""The session's sounds and voice: synthesised tones, the platform's player and speech.

Imports only hipcli's shared top level (settings, paths); the faces hand it each cue's sound
name and words (see `hipcli.practice.cues`).
"""

from hipcli.sound.commands import Command
from hipcli.sound.player import QUIET, CuePlayer, SoundSetup, choose_sound

__all__ = ["QUIET", "Command", "CuePlayer", "SoundSetup", "choose_sound"]
