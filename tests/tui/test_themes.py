"""Every theme keeps the countdown, the side, the cue and the breath's words at 4.5:1 or more,
measured on the running app in every kind of segment and while paused, and the breath's bare
track (and the dotted line of unpaced breathing) at 3:1 or more, calmer than the phase; the
footer steps back during a hold and stays at 4.5:1."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from hipcli.practice.breath import BreathCue, BreathPhase
from hipcli.tui.app import SessionApp
from hipcli.tui.breath_guide import BreathGuide
from hipcli.tui.countdown import Countdown, PoseLine
from hipcli.tui.footer import SessionFooter
from hipcli.tui.themes import contrast_ratio
from hipcli.tui.widgets import CueText
from tests.tui.test_from_the_mat import KINDS_AT, footer_ready
from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, routine, session_screen

AA = 4.5
THEMES = ("dark", "light", "ansi")


def themed_app(theme: str, tmp_path: Path, clock: FakeClock) -> SessionApp:
    return SessionApp(
        routine(HOLD_ROUTINE),
        journal=tmp_path / "j.toml",
        quiet=True,
        theme=theme,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,
    )


def rgb(app: SessionApp, color: RichColor | None, *, foreground: bool) -> tuple[int, int, int]:
    """A colour as the terminal shows it; ANSI colours through the app's own ANSI palette."""
    assert color is not None
    triplet = color.get_truecolor(app.ansi_theme, foreground=foreground)
    return (triplet.red, triplet.green, triplet.blue)


def ratio(app: SessionApp, widget: Widget, style: Style | None = None) -> float:
    base = widget.rich_style
    text = style or base
    return contrast_ratio(
        rgb(app, text.color or base.color, foreground=True),
        rgb(app, base.bgcolor, foreground=False),
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", [*KINDS_AT, "paused"])
async def test_the_countdown_and_the_words_keep_aa_contrast(
    tmp_path: Path, theme: str, kind: str
) -> None:
    clock = FakeClock()
    app = themed_app(theme, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        advance(app, clock, KINDS_AT["hold" if kind == "paused" else kind])
        if kind == "paused":
            await pilot.press("space")
        await pilot.pause()
        screen = session_screen(app)
        countdown = screen.query_one(Countdown)
        assert countdown.rich_style.bold
        found = {
            "countdown": ratio(app, countdown),
            "pose": ratio(app, screen.query_one(PoseLine)),
            "cue": ratio(app, screen.query_one(CueText)),
            "breath word": ratio(app, screen.query_one(BreathGuide)),
            "status": ratio(app, screen.query_one("#status")),
            "next": ratio(app, screen.query_one("#next")),
        }
        if screen.session.segment.side:
            side = countdown.get_component_rich_style("countdown--side", partial=True)
            found["side"] = ratio(app, countdown, side)
        low = {part: round(value, 2) for part, value in found.items() if value < AA}
        assert not low, f"{theme} theme, {kind}: below {AA}:1: {low}"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("phase", [*BreathPhase, None])
async def test_every_breath_phase_keeps_aa_contrast(
    tmp_path: Path, theme: str, phase: BreathPhase | None
) -> None:
    clock = FakeClock()
    app = themed_app(theme, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        advance(app, clock, 6.0)
        guide = session_screen(app).query_one(BreathGuide)
        guide.show_cue(BreathCue(phase, 0.5, 2.0, 4.0) if phase else None, "Breathe naturally")
        await pilot.pause()
        assert ratio(app, guide) >= AA, f"{theme}: {phase}"


NON_TEXT = 3.0  # WCAG's contrast for the parts of a picture that carry meaning
TRACK_GLYPHS = {"░", "·"}  # the bare track of a paced breath, the dotted line of an unpaced one


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(
    "phase", [BreathPhase.INHALE, BreathPhase.EXHALE, BreathPhase.HOLD_AFTER, None]
)
async def test_the_breath_track_and_the_unpaced_line_are_visible_and_calmer_than_the_phase(
    tmp_path: Path, theme: str, phase: BreathPhase | None
) -> None:
    clock = FakeClock()
    app = themed_app(theme, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        advance(app, clock, 6.0)
        guide = session_screen(app).query_one(BreathGuide)
        guide.show_cue(BreathCue(phase, 0.5, 2.0, 4.0) if phase else None, "Breathe naturally")
        await pilot.pause()
        # Measured on what is drawn: the cells of the track (or the dots) in the middle row.
        row = guide.render_line((guide.size.height - 2) // 2)
        track = [s for s in row if s.text.strip() and set(s.text) <= TRACK_GLYPHS | {" "}]
        assert track, f"{theme}: {phase}: no track drawn"
        style = track[0].style
        assert style is not None
        found = ratio(app, guide, style)
        assert found >= NON_TEXT, f"{theme}: {phase}: the track is {found:.2f}:1"
        if theme != "ansi":  # the ANSI theme has one colour; its track is calmer by its glyph
            assert found < ratio(app, guide), f"{theme}: {phase}: as loud as the phase's words"


def footer_ratios(app: SessionApp) -> tuple[float, float]:
    """The contrast of the footer's first key and of its description."""
    key = session_screen(app).query_one(SessionFooter).query(FooterKey).first()
    return (
        ratio(app, key, key.get_component_rich_style("footer-key--key")),
        ratio(app, key, key.get_component_rich_style("footer-key--description")),
    )


@pytest.mark.parametrize("theme", THEMES)
async def test_during_a_hold_the_footer_steps_back_and_stays_readable(
    tmp_path: Path, theme: str
) -> None:
    clock = FakeClock()
    app = themed_app(theme, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await footer_ready(app, pilot)
        advance(app, clock, KINDS_AT["lead-in"])
        await pilot.pause()
        normal = footer_ratios(app)
        advance(app, clock, KINDS_AT["hold"] - KINDS_AT["lead-in"])
        await pilot.pause()
        holding = footer_ratios(app)
        await pilot.press("space")
        await pilot.pause()
        paused = footer_ratios(app)
        await pilot.press("space")
        advance(app, clock, KINDS_AT["rest"] - KINDS_AT["hold"])
        await pilot.pause()
        resting = footer_ratios(app)
    assert min(holding) >= AA, f"{theme}: {holding}"
    assert paused == normal
    assert resting == normal
    if theme != "ansi":  # the terminal's own colours: one foreground, nothing to step back to
        assert all(hold < usual for hold, usual in zip(holding, normal, strict=True))
