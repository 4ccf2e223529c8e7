"""The synthesised sounds, tested on their samples: pitch, glides, fades, no clipping, the files."""

from __future__ import annotations

import itertools
import math
import os
import wave
from array import array
from pathlib import Path

import pytest

from hipcli.sound.cache import SoundCache
from hipcli.sound.synth import (
    EVENT_FIGURES,
    EVENTS,
    FULL_SCALE,
    PEAK,
    SAMPLE_RATE,
    figure_for,
    file_name,
    render,
    write_wav,
)


def power_at(samples: array[int] | list[float], hz: float) -> float:
    """The Goertzel algorithm: how much of one frequency a stretch of samples holds."""
    coefficient = 2 * math.cos(2 * math.pi * hz / SAMPLE_RATE)
    previous = before = 0.0
    for sample in samples:
        previous, before = sample + coefficient * previous - before, previous
    return previous**2 + before**2 - coefficient * previous * before


def strongest(samples: array[int], candidates: list[float]) -> float:
    return max(candidates, key=lambda hz: power_at(samples, hz))


def zero_crossings_hz(samples: array[int]) -> float:
    crossings = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / SAMPLE_RATE)


def window(samples: array[int], start_s: float, length_s: float) -> array[int]:
    first = int(start_s * SAMPLE_RATE)
    return samples[first : first + int(length_s * SAMPLE_RATE)]


def test_every_event_has_a_sound_of_its_own() -> None:
    assert set(EVENTS) == {"hold", "switch", "rest", "halfway", "last-ten", "complete"}
    rendered = {name: render(figure_for(name), 70).tobytes() for name in EVENTS}
    assert len(set(rendered.values())) == len(EVENTS)


def test_a_hold_rings_at_its_pitch() -> None:
    samples = render(figure_for("hold"), 70)
    (note,) = EVENT_FIGURES["hold"]
    start = window(samples, 0.05, 0.3)
    assert strongest(start, [note.pitch / 2, note.pitch, note.pitch * 1.5]) == note.pitch
    assert zero_crossings_hz(start) == pytest.approx(note.pitch, rel=0.05)


def test_switch_sides_is_a_double_chime() -> None:
    samples = render(figure_for("switch"), 70)
    first, second = EVENT_FIGURES["switch"]
    assert first.pitch == second.pitch
    # The loudness falls after the first strike and rises again with the second.
    just_before = max(abs(v) for v in window(samples, second.at_s - 0.03, 0.02))
    just_after = max(abs(v) for v in window(samples, second.at_s + 0.02, 0.02))
    assert just_after > 1.3 * just_before


def test_rest_falls_and_complete_rises() -> None:
    rest = render(figure_for("rest"), 70)
    high, low = EVENT_FIGURES["rest"]
    assert high.pitch > low.pitch
    assert strongest(window(rest, 0.05, 0.2), [high.pitch, low.pitch]) == high.pitch
    assert strongest(window(rest, 1.0, 0.3), [high.pitch, low.pitch]) == low.pitch
    complete = render(figure_for("complete"), 70)
    pitches = [n.pitch for n in EVENT_FIGURES["complete"]]
    assert pitches == sorted(pitches)
    assert strongest(window(complete, 0.05, 0.15), pitches) == pitches[0]


def test_the_inhale_tone_rises_and_the_exhale_tone_falls() -> None:
    inhale = render(figure_for("inhale", 4.0), 70)
    exhale = render(figure_for("exhale", 4.0), 70)
    assert len(inhale) == len(exhale) == 4 * SAMPLE_RATE
    assert zero_crossings_hz(window(inhale, 0.6, 0.5)) < zero_crossings_hz(window(inhale, 2.9, 0.5))
    assert zero_crossings_hz(window(exhale, 0.6, 0.5)) > zero_crossings_hz(window(exhale, 2.9, 0.5))


@pytest.mark.parametrize("name", [*EVENTS, "inhale", "exhale"])
def test_no_sound_clips_even_at_full_volume(name: str) -> None:
    samples = render(figure_for(name, 6.0), 100)
    loudest = max(abs(v) for v in samples)
    assert loudest <= PEAK * FULL_SCALE + 1
    assert loudest < FULL_SCALE


@pytest.mark.parametrize("name", [*EVENTS, "inhale", "exhale"])
def test_every_sound_fades_in_and_out_without_a_click(name: str) -> None:
    samples = render(figure_for(name, 6.0), 100)
    loudest = max(abs(v) for v in samples)
    assert abs(samples[0]) < 0.01 * loudest
    assert max(abs(v) for v in samples[:40]) < 0.2 * loudest  # the first ~2 ms
    assert max(abs(v) for v in samples[-40:]) < 0.05 * loudest


def test_the_tick_and_the_breath_are_quieter_than_the_bell() -> None:
    def loudest(name: str) -> int:
        return max(abs(v) for v in render(figure_for(name, 4.0), 70))

    assert loudest("halfway") < 0.6 * loudest("hold")
    assert loudest("inhale") < 0.8 * loudest("hold")


def test_volume_scales_the_samples_and_zero_is_silence() -> None:
    full = max(abs(v) for v in render(figure_for("hold"), 100))
    half = max(abs(v) for v in render(figure_for("hold"), 50))
    assert half == pytest.approx(full / 2, abs=2)
    assert set(render(figure_for("hold"), 0)) == {0}


def test_a_wav_file_is_mono_16_bit_and_plays_back_the_samples(tmp_path: Path) -> None:
    samples = render(figure_for("switch"), 70)
    path = tmp_path / "switch.wav"
    write_wav(path, samples)
    with wave.open(str(path), "rb") as file:
        assert (file.getnchannels(), file.getsampwidth(), file.getframerate()) == (1, 2, 22050)
        read = array("h", file.readframes(file.getnframes()))
    assert read == samples


def test_unknown_sound_names_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="no breath tone called 'sigh'"):
        figure_for("sigh")


def test_file_names_change_with_everything_that_shapes_the_sound() -> None:
    names = {
        file_name("hold", 70),
        file_name("hold", 71),
        file_name("switch", 70),
        file_name("inhale", 70, 4.0),
        file_name("inhale", 70, 5.5),
    }
    assert len(names) == 5
    assert file_name("inhale", 70, 5.5).startswith("inhale-5.5s-70-")


# --- the cache ------------------------------------------------------------------------------------


def test_sounds_are_made_once_in_the_cache_folder_and_reused(
    isolated_dirs: dict[str, Path],
) -> None:
    cache = SoundCache(70)
    path = cache.path("hold")
    assert path.parent == isolated_dirs["cache"] / "sounds"
    made = path.stat().st_mtime_ns
    os.utime(path, ns=(made - 10**9, made - 10**9))
    assert SoundCache(70).path("hold") == path
    assert path.stat().st_mtime_ns == made - 10**9  # not made again
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left behind


def test_breath_tones_are_cached_per_length_to_a_tenth_of_a_second() -> None:
    cache = SoundCache(70)
    assert cache.path("inhale", 4.0) == cache.path("inhale", 4.01)
    assert cache.path("inhale", 4.0) != cache.path("inhale", 5.5)
    with wave.open(str(cache.path("exhale", 5.5)), "rb") as file:
        assert file.getnframes() == int(5.5 * SAMPLE_RATE)


def test_an_unusable_cache_folder_falls_back_to_a_temporary_one_removed_at_the_end(
    isolated_dirs: dict[str, Path],
) -> None:
    isolated_dirs["cache"].write_text("a file where the folder should be")
    cache = SoundCache(70)
    path = cache.path("hold")
    assert isolated_dirs["cache"] not in path.parents
    assert path.exists()
    cache.cleanup()
    assert not path.parent.exists()


def test_with_no_home_the_sounds_go_to_a_temporary_folder(
    no_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIPCLI_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    cache = SoundCache(70)
    path = cache.path("halfway")
    assert path.exists()
    assert path.parent.name.startswith("hipcli-sounds-")
    cache.cleanup()
    assert not path.exists()
