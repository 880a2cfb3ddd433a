"""The design tokens in static/forum.css meet WCAG 2.2 AA contrast in both themes: 4.5:1 for
text, 3:1 for the focus ring, control borders and large text. Each colour token is written once
as light-dark(LIGHT, DARK), so both themes are read from the same line."""
import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "static" / "forum.css").read_text()
TOKEN = re.compile(r"--([\w-]+):\s*light-dark\((#[0-9a-fA-F]{6}),\s*(#[0-9a-fA-F]{6})\)")
TOKENS = {name: (light, dark) for name, light, dark in TOKEN.findall(CSS)}
TEXT, NON_TEXT = 4.5, 3.0

# (foreground, background, minimum): every pairing the pages draw.
PAIRS = [
    ("ink", "bg", TEXT), ("ink", "surface", TEXT), ("ink", "surface-2", TEXT),
    ("muted", "bg", TEXT), ("muted", "surface", TEXT), ("muted", "surface-2", TEXT),
    ("link", "bg", TEXT), ("link", "surface", TEXT), ("link", "surface-2", TEXT),
    ("accent-strong", "surface", TEXT), ("accent-strong", "accent-soft", TEXT),
    ("on-accent", "accent", TEXT), ("on-accent", "accent-strong", TEXT),
    ("on-accent", "error", TEXT),
    ("on-help", "help", TEXT), ("on-help", "help-strong", TEXT), ("help-strong", "help-soft", TEXT),
    ("error", "surface", TEXT), ("error", "error-soft", TEXT), ("error", "bg", TEXT),
    ("held", "held-soft", TEXT), ("held", "surface", TEXT), ("ink", "held-soft", TEXT),
    ("ink", "accent-soft", TEXT), ("ink", "mine", TEXT), ("muted", "mine", TEXT),
    ("ink", "help-soft", TEXT), ("ink", "error-soft", TEXT),
    ("focus", "bg", NON_TEXT), ("focus", "surface", NON_TEXT), ("focus", "surface-2", NON_TEXT),
    ("focus", "mine", NON_TEXT),
    ("surface", "link", TEXT), ("surface", "help", TEXT), ("surface", "held", TEXT),
    ("line-strong", "surface", NON_TEXT), ("accent", "surface", NON_TEXT), ("accent", "bg", NON_TEXT),
]


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2.2 defines it."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_pair_names_tokens_that_exist():
    assert len(TOKENS) >= 20
    missing = {n for f, b, _ in PAIRS for n in (f, b)} - TOKENS.keys()
    assert not missing


@pytest.mark.parametrize("theme", [0, 1], ids=["light", "dark"])
@pytest.mark.parametrize("fore,back,minimum", PAIRS, ids=[f"{f}-on-{b}" for f, b, _ in PAIRS])
def test_token_pairs_meet_wcag_aa(theme, fore, back, minimum):
    ratio = contrast(TOKENS[fore][theme], TOKENS[back][theme])
    assert ratio >= minimum, f"{fore} on {back}: {ratio:.2f}:1, needs {minimum}:1"


@pytest.mark.parametrize("theme", [0, 1], ids=["light", "dark"])
def test_the_focus_ring_is_not_the_error_colour(theme):
    """A focused field must not look like a field in error."""
    assert TOKENS["focus"][theme] != TOKENS["error"][theme]
    assert contrast(TOKENS["focus"][theme], TOKENS["error"][theme]) > 1.3 or \
        _hue_apart(TOKENS["focus"][theme], TOKENS["error"][theme])


def _hue_apart(a: str, b: str) -> bool:
    """Blue against red: the two colours differ most in their blue and red channels."""
    ra, ba = int(a[1:3], 16), int(a[5:7], 16)
    rb, bb = int(b[1:3], 16), int(b[5:7], 16)
    return (ba - ra) > 40 and (rb - bb) > 40


def test_no_colour_is_written_outside_the_tokens():
    """Pages get dark mode for free only if rules use the tokens, not raw colours."""
    rules = TOKEN.sub("", CSS)
    for sheet in ("chat.css", "moderation.css"):
        rules += (Path(__file__).resolve().parents[1] / "static" / sheet).read_text()
    assert not re.findall(r"#[0-9a-fA-F]{3,6}\b", rules)
