"""How the session screen shares its rows: the countdown first, then the whole cue, then the rest.

Pure arithmetic on the terminal's size, so it is tested without a screen. The countdown takes
over a third of the height (at least 5 rows from 22 lines up, 3 below), the cue gets every row
it needs while the countdown keeps that, and only then does the countdown grow into what is left;
blank rows go between the parts when there are rows to spare. A short terminal shows the status
line only while paused, in the row of the breathing guide's bar (which has nothing to show then).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from hipcli.tui.cue_fit import fit_cue

CUE_MAX_WIDTH = 92  # a comfortable line length to read; wider terminals leave margins


# A NamedTuple, not a dataclass: defined before the session's first frame, it costs a fifth.
class SessionLayout(NamedTuple):
    """Rows for each part of the session screen, and which optional parts are shown."""

    countdown: int
    cue: int
    guide: int
    cue_width: int
    top: bool  # routine title and step count
    status: bool  # the line for "Paused" and short notices
    next: bool  # "Next: …"
    gaps: bool  # blank rows between the parts


def guide_rows(height: int) -> int:
    """The breathing guide's rows (its bar, then the word): more on taller terminals."""
    if height >= 36:
        return 4
    return 3 if height >= 22 else 2


def countdown_rows(height: int) -> tuple[int, int]:
    """The countdown's (smallest, wished-for) rows at this terminal height."""
    smallest = 5 if height >= 22 else 4 if height >= 18 else 3
    return smallest, max(smallest, round(height * 0.38))


def cue_width(width: int) -> int:
    """How wide the cue's lines are at this terminal width."""
    padding = 4 if width >= 60 else 0
    return max(8, min(CUE_MAX_WIDTH, width - padding))


def session_layout(
    width: int, height: int, cue_lines_needed: int, *, paused: bool
) -> SessionLayout:
    """Share `height` rows between the parts; `cue_lines_needed` is the whole cue's rows."""
    top = height >= 16
    nxt = height >= 16
    status = height >= 16 or paused
    guide = guide_rows(height)
    if paused and height < 16:
        # Paused, the guide has no breath to show, only its word ("Paused"): its bar's row
        # goes to the status line, so the cue keeps the rows its safety sentences need.
        guide = max(1, guide - 1)
    # The pose line, the progress bar and the footer are always there.
    fixed = 3 + top + nxt + status + guide
    smallest, wished = countdown_rows(height)
    spare = max(0, height - fixed)
    countdown = min(smallest, spare)
    cue = min(cue_lines_needed, spare - countdown)
    countdown = max(countdown, min(wished, spare - cue))
    left = spare - countdown - cue
    gaps = left >= 3
    return SessionLayout(countdown, cue, guide, cue_width(width), top, status, nxt, gaps)


def layout_classes(layout: SessionLayout) -> dict[str, bool]:
    """The session screen's classes for a layout: which optional parts are hidden, and gaps."""
    return {
        "-no-top": not layout.top,
        "-no-next": not layout.next,
        "-no-status": not layout.status,
        "-gaps": layout.gaps,
    }


def first_classes(
    size: tuple[int, int],
    cue: str,
    horizontal: Sequence[tuple[int, str]],
    vertical: Sequence[tuple[int, str]],
) -> list[str]:
    """The classes a session screen of this size needs from its first frame: the breakpoints
    (as Textual sets them on resize) and the layout's for `cue`, so none is added after mounting."""
    width, height = size
    classes: list[str] = []
    for dimension, breakpoints in ((width, horizontal), (height, vertical)):
        reached = [name for threshold, name in breakpoints if dimension >= threshold]
        classes += reached[-1:]
    needed = len(fit_cue(cue, cue_width(width), 1000).lines)
    layout = session_layout(width, height, needed, paused=False)
    classes += [name for name, wanted in layout_classes(layout).items() if wanted]
    return classes
