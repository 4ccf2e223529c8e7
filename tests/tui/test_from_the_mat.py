"""The session screen read from two metres away: the countdown's size, the side, the cues, the end
dialog, the footer, the notices; every built-in routine walked at 80×24 and 40×12."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BUILTIN_ROUTINES
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Footer
from textual.widgets._footer import FooterKey, FooterLabel

from hipcli.practice.session import SessionState
from hipcli.practice.timeline import SegmentKind
from hipcli.routine.validate import load_routine
from hipcli.tui.app import SessionApp
from hipcli.tui.breath_guide import BreathGuide
from hipcli.tui.countdown import Countdown, PoseLine
from hipcli.tui.cue_fit import ELLIPSIS, sentences
from hipcli.tui.dialogs import ConfirmEndScreen, CueScreen, HelpScreen
from hipcli.tui.footer import SessionFooter
from hipcli.tui.widgets import CueText, StatusLine
from tests.tui.built_in_safety import SAFETY_BY_STEP
from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, make_app, session_screen

KINDS_AT = {  # seconds into HOLD_ROUTINE where each kind of segment is under way
    "lead-in": 2.0,
    "hold": 5.0 + 30.0,
    "switch": 5.0 + 90.0 + 2.0,
    "rest": 5.0 + 90.0 + 10.0 + 90.0 + 3.0,
}


def built_in_app(path: Path, tmp_path: Path) -> tuple[SessionApp, FakeClock]:
    clock = FakeClock()
    app = SessionApp(
        load_routine(path),
        journal=tmp_path / "journal.toml",
        quiet=True,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,
    )
    return app, clock


async def footer_ready(app: SessionApp, pilot: Pilot[object]) -> None:
    """Let the footer, which joins just after the first frame, show its keys."""
    for _ in range(50):
        await pilot.pause()
        footers = app.screen.query(SessionFooter)
        if footers and footers.first().children:
            return
    raise AssertionError("the footer never showed its keys")


# --- the countdown --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "at_least"), [((80, 24), 5), ((100, 30), 9), ((120, 40), 9), ((80, 40), 9)]
)
@pytest.mark.parametrize("kind", list(KINDS_AT))
async def test_the_countdown_is_a_third_of_the_screen_or_more(
    tmp_path: Path, size: tuple[int, int], at_least: int, kind: str
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        advance(app, clock, KINDS_AT[kind])
        await pilot.pause()
        countdown = session_screen(app).query_one(Countdown)
        assert countdown.digit_rows >= at_least
        assert countdown.digit_rows >= size[1] // 3
        assert countdown.rich_style.bold


async def test_the_countdown_stays_legible_at_40_by_12(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        advance(app, clock, 5.0 + 1.0)
        await pilot.pause()
        countdown = session_screen(app).query_one(Countdown)
        assert countdown.digit_rows >= 3
        assert countdown.value == "1:29"
        assert countdown.region.right <= 40


async def test_under_a_minute_the_seconds_stand_alone(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0 + 85.0)
        await pilot.pause()
        assert session_screen(app).query_one(Countdown).value == "5"


@pytest.mark.parametrize(
    ("at", "marker", "pointing"), [(30.0, "◀ LEFT", "left"), (130.0, "RIGHT ▶", "right")]
)
async def test_the_side_shows_by_position_shape_and_word(
    tmp_path: Path, at: float, marker: str, pointing: str
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        advance(app, clock, at)
        await pilot.pause()
        screen = session_screen(app)
        line = screen.query_one(PoseLine)
        assert line.side is not None
        assert line.side.marker == marker
        rendered = line.render_line(0).text
        # The marker sits at the end of the line its side names.
        assert (
            rendered.startswith(f" {marker}")
            if pointing == "left"
            else rendered.endswith(f"{marker} ")
        )
        countdown = screen.query_one(Countdown)
        rows = [countdown.render_line(y).text for y in range(countdown.size.height)]
        inked = [row for row in rows if row.strip()]
        top, middle = inked[0], inked[len(inked) // 2]

        def first(row: str) -> int:
            return len(row) - len(row.lstrip())

        def last(row: str) -> int:
            return len(row.rstrip()) - 1

        # The arrow's point is in its middle row, towards the side it names.
        if pointing == "left":
            assert first(middle) < first(top)
        else:
            assert last(middle) > last(top)


@pytest.mark.parametrize(
    ("at", "label", "pointing"), [(30.0, "◀ LEFT", "left"), (130.0, "RIGHT ▶", "right")]
)
async def test_at_40_by_12_the_side_is_a_label_beside_the_digits_as_tall_as_them(
    tmp_path: Path, at: float, label: str, pointing: str
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        advance(app, clock, at)
        await pilot.pause()
        countdown = session_screen(app).query_one(Countdown)
        assert countdown.digit_rows < 5  # an arrow would read as part of the number here
        strips = [countdown.render_line(y) for y in range(countdown.size.height)]
        rows = [strip.text for strip in strips]
        inked = [y for y, row in enumerate(rows) if row.strip()]
        (middle,) = [y for y in inked if label in rows[y]]
        # Its own shape, as tall as the digits: boxed from their top row to their bottom one.
        start = rows[middle].index(label) - 1
        assert rows[inked[0]][start:].startswith("▄" * (len(label) + 2))
        assert rows[inked[-1]][start:].startswith("▀" * (len(label) + 2))
        (piece,) = [seg for seg in strips[middle] if label in seg.text]
        assert piece.style is not None
        assert piece.style.reverse
        assert piece.style.bold
        # On the side it names: before the digits for the left, after them for the right.
        digits = rows[middle].replace(f" {label} ", "").strip()
        if pointing == "left":
            assert rows[middle].index(label) < rows[middle].index(digits)
        else:
            assert rows[middle].index(label) > rows[middle].index(digits)
        assert countdown.region.right <= 40


# --- cues are never lost ------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.toml")), ids=lambda p: p.stem)
async def test_every_built_in_cue_is_whole_at_80_by_24_and_keeps_its_safety_at_40_by_12(
    path: Path, tmp_path: Path
) -> None:
    for size in ((80, 24), (40, 12)):
        app, _ = built_in_app(path, tmp_path)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = session_screen(app)
            opened_whole = False
            while screen.session.state is not SessionState.FINISHED:
                await pilot.pause()
                segment = screen.session.segment
                fitted = screen.query_one(CueText).fitted
                shown = " ".join(fitted.lines)
                whole = " ".join(sentences(segment.step.cue))
                where = f"{path.stem} {size} segment {screen.session.index} ({segment.label})"
                if size == (80, 24):
                    # Its reading window: every lead-in, switch, rest and hold shows it in full.
                    assert not fitted.cut, where
                    assert shown == whole, where
                    screen.action_next()
                    continue
                # At 40×12 the safety sentences (listed by hand) are on screen, cut or not.
                for sentence in SAFETY_BY_STEP.get((path.stem, segment.step.name), ()):
                    assert sentence in shown, f"{where}: the safety sentence is hidden"
                if fitted.cut:
                    assert ELLIPSIS in shown, where
                    if not opened_whole:  # one key shows the whole cue
                        opened_whole = True
                        await pilot.press("c")
                        assert isinstance(app.screen, CueScreen)
                        body = " ".join(str(w.render()) for w in app.screen.query(".dialog-body"))
                        assert " ".join(body.split()) == whole
                        await pilot.press("escape")
                        assert app.screen is screen
                else:
                    assert shown == whole, where
                screen.action_next()
            await pilot.pause()


async def test_paused_at_40_by_12_the_cue_keeps_its_safety_sentences(tmp_path: Path) -> None:
    app, _ = built_in_app(BUILTIN_ROUTINES / "lizard.toml", tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        while not (
            screen.session.segment.step.name == "Lizard, lower"
            and screen.session.segment.kind is SegmentKind.HOLD
        ):
            screen.action_next()
        await pilot.press("space")
        await pilot.pause()
        assert screen.session.state is SessionState.PAUSED
        assert "Paused" in str(screen.query_one(StatusLine).render())
        shown = " ".join(screen.query_one(CueText).fitted.lines)
        for sentence in SAFETY_BY_STEP["lizard", "Lizard, lower"]:
            assert sentence in shown
        # "Paused" took the row of the guide's bar, which has no breath to show while paused.
        assert screen.query_one(BreathGuide).size.height == 1
        await pilot.press("space")
        await pilot.pause()
        assert screen.query_one(BreathGuide).size.height == 2


async def test_a_long_cue_of_the_users_own_is_cut_visibly_and_keeps_its_safety(
    tmp_path: Path,
) -> None:
    long_cue = " ".join(["Let the breath move the ribs, slowly and without effort."] * 12)
    text = HOLD_ROUTINE.replace(
        "If the knee complains, back out.", long_cue + " If the knee complains, back out."
    )
    clock = FakeClock()
    app = make_app(text, tmp_path / "j.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        advance(app, clock, 6.0)
        await pilot.pause()
        await footer_ready(app, pilot)
        fitted = session_screen(app).query_one(CueText).fitted
        assert fitted.cut
        shown = " ".join(fitted.lines)
        assert ELLIPSIS in shown
        assert shown.endswith("If the knee complains, back out.")
        footer_keys = [
            getattr(k, "key", "") for k in app.screen.query(SessionFooter).first().children
        ]
        assert "c" in footer_keys


# --- dialogs, footer, notices ---------------------------------------------------------------------


async def test_help_lists_every_key(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = app.screen.query_one(".dialog-body").render_lines(
            app.screen.query_one(".dialog-body").region.reset_offset
        )
        text = "\n".join(line.text for line in lines)
        for key, meaning in [
            ("space", "pause"),
            ("n", "next"),
            ("b", "back"),
            ("+", "15 more"),
            ("c", "whole cue"),
            ("q", "end the session"),
            ("?", "these keys"),
            ("Ctrl+S", "save"),
            ("Escape", "skip"),
        ]:
            assert any(key in line and meaning in line for line in text.splitlines()), key


async def test_the_end_dialog_pauses_and_enter_keeps_going(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 20.0)
        screen = session_screen(app)
        await pilot.press("q")
        dialog = app.screen
        assert isinstance(dialog, ConfirmEndScreen)
        assert screen.session.state is SessionState.PAUSED  # nothing runs on behind the question
        focused = app.focused
        assert isinstance(focused, Button)
        assert focused.id == "keep"
        assert focused.variant == "primary"
        clock.advance(300)  # a long think
        await pilot.press("enter")  # presses the focused button: keep going
        assert app.screen is screen
        assert screen.session.state is SessionState.RUNNING
        assert screen.session.elapsed_s() == pytest.approx(15.0)


async def test_y_in_the_end_dialog_ends_and_a_paused_session_stays_paused_on_keep_going(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = session_screen(app)
        await pilot.press("space", "q", "n")
        assert screen.session.state is SessionState.PAUSED  # it was paused before: it stays so
        await pilot.press("q", "y")
        assert screen.session.state is SessionState.FINISHED
        assert not screen.session.completed
        await pilot.press("escape")


async def test_the_end_dialog_fits_a_40_by_12_terminal(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("q")
        dialog = app.screen.query_one(".dialog")
        assert dialog.region.right <= 40
        assert dialog.region.bottom <= 12
        for button in app.screen.query(Button):
            assert button.region.right <= 40
            assert button.region.bottom <= 12


def footer_words(footer: Footer) -> tuple[list[str], list[str]]:
    """The keys a footer shows, and its words (the keys' descriptions and the groups' labels)."""
    keys = [key.key for key in footer.query(FooterKey)]
    words = [key.description for key in footer.query(FooterKey) if key.description]
    words += [str(label.render()) for label in footer.query(FooterLabel)]
    return keys, words


async def test_while_the_end_dialog_is_open_the_footer_shows_its_keys(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await footer_ready(app, pilot)
        screen = session_screen(app)
        session_footer = screen.query_one(SessionFooter)
        await pilot.press("q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmEndScreen)
        footer = dialog.query_one(Footer)
        assert footer.region == session_footer.region  # it covers the session's keys
        keys, words = footer_words(footer)
        assert keys == ["enter", "escape", "y"]
        assert words == ["End", "Keep going"]  # Enter and Esc share "Keep going"
        for session_word in ("Resume", "Pause", "Next", "Cue", "Keys"):
            assert session_word not in words
        await pilot.press("tab")  # the focus on "End": Enter now ends, and the footer says so
        await pilot.pause()
        keys, words = footer_words(dialog.query_one(Footer))
        assert keys == ["enter", "escape", "y"]
        assert words == ["End", "Keep going", "End"]
        await pilot.press("enter")
        assert screen.session.state is SessionState.FINISHED


async def test_space_in_the_end_dialog_keeps_going(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = session_screen(app)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmEndScreen)
        await pilot.press("space")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.state is SessionState.RUNNING


async def test_the_help_and_the_whole_cue_name_their_own_key_in_the_footer(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await footer_ready(app, pilot)
        screen = session_screen(app)
        for key in ("question_mark", "c"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, (HelpScreen, CueScreen))
            footer = app.screen.query_one(Footer)
            assert footer.region == screen.query_one(SessionFooter).region
            assert footer_words(footer)[1] == ["Close"]
            assert [key.key_display for key in footer.query(FooterKey)] == ["any key"]
            await pilot.press("space")  # any key: it closes, and does not pause
            await pilot.pause()
            assert app.screen is screen
            assert screen.session.state is SessionState.RUNNING


async def test_while_paused_the_footer_offers_resume(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)

    def descriptions() -> list[str]:
        footer = app.screen.query_one(SessionFooter)
        return [getattr(key, "description", "") for key in footer.children]

    async with app.run_test() as pilot:
        await footer_ready(app, pilot)
        assert "Pause" in descriptions()
        assert "Resume" not in descriptions()
        await pilot.press("space")
        await pilot.pause()
        assert "Resume" in descriptions()
        assert "Pause" not in descriptions()
        await pilot.press("space")
        await pilot.pause()
        assert session_screen(app).session.state is SessionState.RUNNING
        assert "Pause" in descriptions()


async def test_a_notice_fades_after_a_few_seconds(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = session_screen(app)
        screen.query_one(StatusLine).notice_s = 0.5
        await pilot.press("n", "plus")
        status = screen.query_one("#status")
        assert "+15s added" in str(status.render())
        await pilot.pause(0.8)
        assert "+15s added" not in str(status.render())
        assert screen.session.segment_length_s == 105  # the time itself stays added


async def test_the_narrow_footer_keeps_the_keys_that_matter(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await footer_ready(app, pilot)
        footer = app.screen.query_one(SessionFooter)
        keys = [getattr(k, "key", "") for k in footer.children]
        assert keys == ["space", "n", "c", "q", "question_mark"]
        right = max(k.region.right for k in footer.children)
        assert right <= 40


@pytest.mark.parametrize("kind", list(KINDS_AT))
async def test_each_kind_of_segment_is_named_on_screen(tmp_path: Path, kind: str) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, KINDS_AT[kind])
        await pilot.pause()
        screen = session_screen(app)
        assert screen.session.segment.kind is SegmentKind(kind)
        assert screen.has_class(f"-{kind}")
        text = screen.query_one(PoseLine).text
        expected = {
            "lead-in": "Get ready · Pigeon, folded forward",
            "hold": "Pigeon, folded forward",
            "switch": "Switch sides · Pigeon, folded forward",
            "rest": "Rest · next: Child's pose",
        }[kind]
        assert text == expected


@pytest.mark.parametrize(("keys", "ended"), [("qy", True), ("qn", False)])
async def test_keys_typed_in_one_burst_answer_the_end_dialog(
    tmp_path: Path, keys: str, ended: bool
) -> None:
    # A terminal can deliver "qy" in one read: both keys reach the session screen before the
    # dialog is up, and the second must still answer the dialog (never skip a segment).
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = session_screen(app)
        for key in keys:
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert (screen.session.state is SessionState.FINISHED) is ended
        assert screen.session.index == 0
        if not ended:
            assert app.screen is screen
            assert screen.session.state is SessionState.RUNNING


async def test_the_screen_wakes_when_something_changes_not_on_a_fixed_tick(tmp_path: Path) -> None:
    clock = FakeClock()
    natural = HOLD_ROUTINE.replace('breath = "extended-exhale"', 'breath = "natural"')
    app = make_app(natural, tmp_path / "j.toml", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        advance(app, clock, 5.0 + 10.25)  # 79.75 s left: "1:20" until 79.0 s left
        assert screen.next_wait_s() == pytest.approx(0.75)
        advance(app, clock, 0.75)
        assert screen.query_one(Countdown).value == "1:19"
        assert screen.next_wait_s() == pytest.approx(1.0)
        await pilot.press("plus")  # 105 s: half way comes at 52.5 s, between two seconds
        advance(app, clock, 41.2)  # 52.2 s in: 52.8 s left, so the next second is 0.8 s away
        assert screen.next_wait_s() == pytest.approx(0.3)
        await pilot.press("space")
        assert screen.next_wait_s() == 1.0  # paused: once a second is plenty


async def test_a_paced_breath_wakes_the_screen_at_each_step_of_the_guide(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "j.toml", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        guide = screen.query_one(BreathGuide)
        advance(app, clock, 5.0 + 1.1)  # 1.1 s into a 4 s inhale: steps every quarter second
        level = guide.level
        assert screen.next_wait_s() == pytest.approx(0.15)
        advance(app, clock, 0.1)
        assert guide.level == level  # between two steps nothing moves
        advance(app, clock, 0.05 + 0.002)
        assert guide.level > level
        # An 8 s exhale on this width steps every half second, on the countdown's seconds.
        advance(app, clock, 4.0 - 1.252 + 0.1)
        assert screen.next_wait_s() == pytest.approx(0.4)
