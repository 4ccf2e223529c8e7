"""The session's sounds, synthesised with the standard library: soft chimes and breath glides.

Each event has its own short figure (one soft bell for a hold, a double chime to switch sides, a
falling pair for a rest, a small tick at half way, three soft pips for the last ten seconds, a
rising arpeggio at the end). A note is a few harmonics of its pitch under a quick fade-in and an
exponential fade-out, so it starts without a click and dies away like a struck bowl. Breath
tones glide in pitch over the whole phase: up through an inhale, down through an exhale, with
long fades at both ends. Every figure is normalised to a peak below full scale, then scaled by
the volume: nothing ever clips.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 22050
FULL_SCALE = 32767
PEAK = 0.8  # of full scale, at volume 100
# Bump when the sound of anything below changes: cached files carry it in their names.
SYNTH_VERSION = 1
# Harmonics of a soft bell: (multiple of the pitch, relative loudness).
BELL = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.05))
SOFT = ((1.0, 1.0), (2.0, 0.18), (3.0, 0.05))
REFERENCE_PEAK = sum(weight for _, weight in BELL)
ATTACK_S = 0.012  # fade-in: long enough to start without a click, short enough to feel struck


@dataclass(frozen=True, slots=True)
class Note:
    """One struck note: `pitch` Hz, starting `at_s` into its figure, dying away over `length_s`."""

    pitch: float
    at_s: float
    length_s: float
    loudness: float = 1.0
    partials: tuple[tuple[float, float], ...] = BELL


@dataclass(frozen=True, slots=True)
class Glide:
    """A tone that slides from `start_hz` to `end_hz` over `length_s`, faded in and out."""

    start_hz: float
    end_hz: float
    length_s: float
    fade_s: float = 0.6
    loudness: float = 0.6
    partials: tuple[tuple[float, float], ...] = SOFT


Figure = tuple[Note, ...] | Glide

# The pitches: a calm pentatonic set around C5, far from the terminal bell's beep.
C4, D4, G4, A4, C5, D5, E5, G5, A5, C6 = (
    261.63,
    293.66,
    392.0,
    440.0,
    523.25,
    587.33,
    659.25,
    784.0,
    880.0,
    1046.5,
)

EVENT_FIGURES: dict[str, tuple[Note, ...]] = {
    # A hold begins: one clear bell.
    "hold": (Note(G5, 0.0, 1.6),),
    # Switch sides: the same note twice, close together.
    "switch": (Note(E5, 0.0, 0.9), Note(E5, 0.32, 1.2)),
    # Rest: a falling pair, low and soft.
    "rest": (Note(D5, 0.0, 1.0, 0.8), Note(G4, 0.35, 1.6, 0.8)),
    # Half way: one small, quiet tick.
    "halfway": (Note(A5, 0.0, 0.5, 0.45, SOFT),),
    # Ten seconds left: three soft pips.
    "last-ten": tuple(Note(C6, 0.22 * i, 0.35, 0.5, SOFT) for i in range(3)),
    # Session complete: a rising arpeggio that rings out.
    "complete": (
        Note(C5, 0.0, 2.4, 0.8),
        Note(E5, 0.22, 2.2, 0.8),
        Note(G5, 0.44, 2.0, 0.8),
        Note(C6, 0.66, 2.4, 0.9),
    ),
}
EVENTS = tuple(EVENT_FIGURES)
# Breath tones: a fifth up through the inhale, the same fifth down through the exhale.
BREATH_LOW_HZ, BREATH_HIGH_HZ = 196.0, 293.66
BREATHS = ("inhale", "exhale")
MAX_BREATH_S = 30.0


def breath_glide(kind: str, length_s: float) -> Glide:
    """The tone for a breath phase: rising for "inhale", falling for "exhale"."""
    length = max(0.3, min(MAX_BREATH_S, length_s))
    if kind == "inhale":
        return Glide(BREATH_LOW_HZ, BREATH_HIGH_HZ, length, min(0.6, length / 4))
    if kind == "exhale":
        return Glide(BREATH_HIGH_HZ, BREATH_LOW_HZ, length, min(0.6, length / 4))
    raise ValueError(f"no breath tone called {kind!r}")


def figure_for(name: str, length_s: float = 0.0) -> Figure:
    """The figure of an event ("hold", "switch", …) or a breath phase ("inhale", `length_s`)."""
    if name in EVENT_FIGURES:
        return EVENT_FIGURES[name]
    return breath_glide(name, length_s)


def render(figure: Figure, volume: int) -> array[int]:
    """The figure as 16-bit mono samples at `SAMPLE_RATE`, peaking at `volume`% of `PEAK`."""
    floats = _glide(figure) if isinstance(figure, Glide) else _notes(figure)
    # Scaled against the loudest a single bell note can be, so that a quiet figure (the tick at
    # half way, a breath glide) stays quieter than a hold's bell; a figure whose overlapping notes
    # add up to more is scaled to its own peak instead, so that nothing clips.
    peak = max(max((abs(v) for v in floats), default=0.0), REFERENCE_PEAK)
    scale = PEAK * FULL_SCALE * max(0, min(100, volume)) / 100 / peak
    return array("h", (round(v * scale) for v in floats))


def _notes(notes: tuple[Note, ...]) -> list[float]:
    end = max(note.at_s + note.length_s for note in notes)
    out = [0.0] * (int(end * SAMPLE_RATE) + 1)
    sin, exp = math.sin, math.exp
    for note in notes:
        start = int(note.at_s * SAMPLE_RATE)
        count = int(note.length_s * SAMPLE_RATE)
        attack = max(1, int(ATTACK_S * SAMPLE_RATE))
        tail = int(0.01 * SAMPLE_RATE)
        # Falls to about -60 dB over the note's length; the last 10 ms go linearly to silence.
        decay = 6.9 / count
        envelope = [note.loudness * exp(-decay * i) for i in range(count)]
        for i in range(min(attack, count)):
            envelope[i] *= i / attack
        for i in range(max(0, count - tail), count):
            envelope[i] *= (count - i) / tail
        wave_ = [0.0] * count
        for multiple, weight in note.partials:
            step = 2 * math.pi * note.pitch * multiple / SAMPLE_RATE
            wave_ = [v + weight * sin(step * i) for i, v in enumerate(wave_)]
        for i, (e, v) in enumerate(zip(envelope, wave_, strict=True)):
            out[start + i] += e * v
    return out


def _glide(glide: Glide) -> list[float]:
    count = int(glide.length_s * SAMPLE_RATE)
    fade = max(1, int(glide.fade_s * SAMPLE_RATE))
    cos, sin, tau = math.cos, math.sin, 2 * math.pi
    # The pitch moves on a smooth curve (slow at both ends), like a breath; the phase is the
    # running sum of the pitch, so the slide has no jumps.
    span = glide.end_hz - glide.start_hz
    phases = []
    phase = 0.0
    for i in range(count):
        phase += (
            tau * (glide.start_hz + span * (0.5 - 0.5 * cos(math.pi * i / count))) / SAMPLE_RATE
        )
        phases.append(phase)
    out = [0.0] * count
    for multiple, weight in glide.partials:
        out = [v + weight * sin(multiple * p) for v, p in zip(out, phases, strict=True)]
    loudness = glide.loudness
    return [loudness * min(1.0, i / fade, (count - i) / fade) * v for i, v in enumerate(out)]


def write_wav(path: Path, samples: array[int]) -> None:
    """Write mono 16-bit samples to `path` as a WAV file."""
    import wave  # deferred, like hashlib below: only sessions that make a file pay for it

    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(SAMPLE_RATE)
        file.writeframes(samples.tobytes() if _little_endian() else _swapped(samples))


def _little_endian() -> bool:
    return array("h", [1]).tobytes()[0] == 1


def _swapped(samples: array[int]) -> bytes:
    copy = array("h", samples)
    copy.byteswap()
    return copy.tobytes()


def file_name(name: str, volume: int, length_s: float = 0.0) -> str:
    """A cache file name that changes whenever the sound would: "hold-70-1a2b3c4d.wav"."""
    import hashlib

    figure = figure_for(name, length_s)
    digest = hashlib.sha256(repr((SYNTH_VERSION, SAMPLE_RATE, figure)).encode()).hexdigest()[:10]
    suffix = f"-{length_s:g}s" if name in BREATHS else ""
    return f"{name}{suffix}-{volume}-{digest}.wav"
