"""hipcli's three themes: dark (the default), light, and ansi (the terminal's own palette).

Each sets the colours of the countdown per kind of segment (`$clock-hold`, `$clock-switch`,
`$clock-rest`, `$clock-lead-in`, `$clock-paused`), of the side's marker (`$side`), of the
breathing guide per phase and of muted text. Every one of them keeps at least 4.5:1 contrast
with the background (WCAG AA for text); the breathing guide's bare track (`$breath-track`, also
the dotted line of unpaced breathing) keeps at least 3:1 (WCAG's contrast for non-text parts), so
"hold, empty" reads from the mat, while staying well below the phase's own colour;
during a hold the footer's keys step back (`$footer-key-hold`, `$footer-description-hold`),
still at 4.5:1 or more, and come forward again while paused and between holds;
tests/tui/test_themes.py measures all of it on the running app.
The ansi theme draws with the terminal's default foreground and background, so it has exactly
the contrast the person chose for their terminal, and shows state by weight and glyphs.
"""

from __future__ import annotations

from textual.theme import Theme

THEME_NAMES = {"dark": "hipcli-dark", "light": "hipcli-light", "ansi": "hipcli-ansi"}

DARK = Theme(
    name="hipcli-dark",
    dark=True,
    primary="#8ab4d8",
    secondary="#b9a9e3",
    accent="#e6bf7a",
    warning="#e6bf7a",
    error="#ef9a9a",
    success="#8fcca0",
    foreground="#e3e7ec",
    background="#14181d",
    surface="#1d232a",
    panel="#2b333c",
    variables={
        "clock-hold": "#f1f4f7",
        "clock-switch": "#d9c2f5",
        "clock-rest": "#9fd6ae",
        "clock-lead-in": "#a6cbea",
        "clock-paused": "#a3acb6",
        "side": "#f0c987",
        "breath-inhale": "#a6cbea",
        "breath-hold": "#c8bbef",
        "breath-exhale": "#9fd6ae",
        "breath-empty": "#c8bbef",
        "breath-track": "#66727f",
        "muted": "#a3acb6",
        "footer-key-foreground": "#f0c987",
        "footer-description-foreground": "#d2d8de",
        "footer-background": "#1d232a",
        "footer-item-background": "#1d232a",
        "footer-key-hold": "#b09770",
        "footer-description-hold": "#939aa2",
    },
)

LIGHT = Theme(
    name="hipcli-light",
    dark=False,
    primary="#1f5a8a",
    secondary="#5b3f99",
    accent="#8a5300",
    warning="#8a5300",
    error="#a12b2b",
    success="#1f6b3a",
    foreground="#1d2329",
    background="#f7f5f0",
    surface="#ecE8df",
    panel="#dcd6ca",
    variables={
        "clock-hold": "#17222d",
        "clock-switch": "#5a2d8c",
        "clock-rest": "#1a5c32",
        "clock-lead-in": "#1c4c7a",
        "clock-paused": "#5a6270",
        "side": "#7a4600",
        "breath-inhale": "#1c4c7a",
        "breath-hold": "#553a8f",
        "breath-exhale": "#1a5c32",
        "breath-empty": "#553a8f",
        "breath-track": "#8a8272",
        "muted": "#595f67",
        "footer-key-foreground": "#7a4600",
        "footer-description-foreground": "#2b3138",
        "footer-background": "#ecE8df",
        "footer-item-background": "#ecE8df",
        "footer-key-hold": "#8a5a1c",
        "footer-description-hold": "#5f656c",
    },
)

ANSI = Theme(
    name="hipcli-ansi",
    ansi=True,
    dark=True,
    primary="ansi_blue",
    secondary="ansi_magenta",
    accent="ansi_yellow",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    variables={
        "clock-hold": "ansi_default",
        "clock-switch": "ansi_default",
        "clock-rest": "ansi_default",
        "clock-lead-in": "ansi_default",
        "clock-paused": "ansi_default",
        "side": "ansi_default",
        "breath-inhale": "ansi_default",
        "breath-hold": "ansi_default",
        "breath-exhale": "ansi_default",
        "breath-empty": "ansi_default",
        "breath-track": "ansi_default",
        "muted": "ansi_default",
        "text-muted": "ansi_default",
        "footer-key-foreground": "ansi_default",
        "footer-description-foreground": "ansi_default",
        "footer-background": "ansi_default",
        "footer-item-background": "ansi_default",
        "footer-key-hold": "ansi_default",
        "footer-description-hold": "ansi_default",
        "ansi-background": "ansi_default",
        "ansi-foreground": "ansi_default",
    },
)

THEMES = (DARK, LIGHT, ANSI)


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two sRGB colours, from 1 (none) to 21 (black on white)."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def linear(channel: int) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
