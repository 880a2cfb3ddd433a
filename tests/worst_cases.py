"""Adversarial member text: the shapes that made some step of the post path super-linear, or
could, each at the longest length a post (20,000) or a chat message (2,000) may have; and an
ordinary post and message of the same lengths to compare them with.

Used by tests/test_worst_case.py (each must be handled quickly) and bench/worst_case.py (how
quickly, beside ordinary text). Shapes just under the Markdown budget are made from the budget
itself, so they stay the densest text that is still rendered as Markdown if the budget changes.
"""
import time

from forum.config import POST_MAX
from forum.sanitize import MARKUP_BUDGET, MESSAGE_MARKUP_BUDGET, markup_weight
from forum.services.chat.messages import MESSAGE_MAX

_SENTENCES = [
    "Day {n} today, and the evening was the hard part again.",
    "I went to a meeting instead of the shop, and I'm still here.",
    "My sponsor said it's fine to take it one hour at a time when a day is too much.",
    "Thank you all for being here at 2 a.m., it means more than I can say.",
    "Cravings come in waves: I breathe, drink some water, and text someone.",
    "If anyone needs it, the SMART Recovery tools are at smartrecovery.org, and they help me.",
    "We talked about HALT (hungry, angry, lonely, tired) and it made a lot of sense.",
    "It's been 3-4 weeks since the slip; I'm kinder to myself about it now.",
]
_BLOCKS = [
    "Some things that helped this week:\n\n- going to bed before 11\n- a walk after work\n"
    "- **calling** someone instead of *thinking* about calling\n",
    "> One day at a time.\n",
    "The [meeting finder](https://www.aa.org/find-aa-resources) is where I found mine, and "
    "https://www.samhsa.gov/find-help has more.\n",
]


def _fit(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def ordinary_post(length: int = POST_MAX) -> str:
    """A long real-looking post: paragraphs of plain sentences, a list, a quote, a few links and
    a little emphasis, the way members write."""
    paragraphs, n = [], 0
    while sum(len(p) + 2 for p in paragraphs) < length:
        sentences = [_SENTENCES[(n + i) % len(_SENTENCES)].format(n=n + 1) for i in range(5)]
        paragraphs.append(" ".join(sentences))
        if n % 4 == 3:
            paragraphs.append(_BLOCKS[(n // 4) % len(_BLOCKS)].strip())
        n += 1
    return _ending_in_text("\n\n".join(paragraphs)[:length])


def _ending_in_text(text: str) -> str:
    return text[:-1] + "." if text[-1].isspace() else text


def ordinary_message(length: int = MESSAGE_MAX) -> str:
    """A long real-looking chat message."""
    return _ending_in_text(ordinary_post(length * 2).replace("\n\n", "\n")[:length])


def _spread(unit: str, count: int, length: int, filler: str = "word ") -> str:
    """count copies of unit spread evenly through plain filler words, length characters."""
    gap = max(0, (length - count * len(unit)) // max(count, 1))
    return _fit((unit + _fit(filler, gap)), length)


def _densest(unit: str, length: int, budget: int, filler: str = "word ") -> str:
    """As many copies of unit, spread through filler, as still fit under the Markdown budget."""
    low, high = 0, length // len(unit)
    while low < high:  # the largest count whose text weighs no more than the budget
        middle = (low + high + 1) // 2
        if markup_weight(_spread(unit, middle, length, filler)) <= budget:
            low = middle
        else:
            high = middle - 1
    return _spread(unit, low, length, filler)


_REPEATED = [
    "a-a.", "*a", "_a", "**a", "*_", "*a* ", "**a** ", "_a_ ", "a_a", "~~a", "~", "[", "]",
    "[a](", "[a]", "[](", "![", "[![", "(", ")", "`", "`a", "``a", "<", "<a", "<http://a> ",
    "<a@b.co> ", ">", "> ", "&", "&#1;", "&amp;", "\\", "\\*", "|", "-", "- ", "-.", ".", "@",
    ":", "a:", "/", "1-", "1.", "1 ", "1,2.3-4/5 ", "http://", "https://", "http://a ",
    "www.", "www.a ", "a.", "a. ", "1.2 ", "e.g. ", "a.b ", "a@a.", "aaaa.com ", "x.co ",
    "x.org/", "a://", "ftp.", ".com",
    "a\n", "\n", "\n\n", "- a\n", "1. a\n", "# a\n", "> a\n", "    a\n", "```\n", "a\n=\n",
    "[a]: /x\n", "| a | b |\n", "\U0001F600", "a\u0301\u0302", "\u200b", "\u202e", "\t",
]
_EXPENSIVE_UNITS = ["[", "[a](", "*a", "_a", "~~a", "<http://a> ", "a\n", "- a\n", "1. a\n",
                    "&#1;", "`a", ":", "\\*"]


def _growing(piece, length: int) -> str:
    """piece(1), piece(2), ... joined, until length characters."""
    parts, total, i = [], 0, 1
    while total < length:
        parts.append(piece(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts)[:length]


def _long_shapes(length: int) -> dict[str, str]:
    return {
        "a long word": "a" * length,
        "a long dotted word": _fit("a.", length),
        "a long dotted word with a scheme": "https://" + _fit("a.", length - 8),
        "a long dotted www word": "www." + _fit("a-a.", length - 4),
        "a link with a long path": "https://x.org/" + "a" * (length - 14),
        "a link then open parentheses": "https://x.org/" + "(" * (length - 14),
        "a link then close parentheses": "https://x.org/" + ")" * (length - 14),
        "a link then commas": "https://x.org/a" + "," * (length - 15),
        "a link then mixed punctuation": "https://x.org/a" + _fit(".,;:!?'\")", length - 15),
        "a bare domain then close parentheses": "x.org/" + ")" * (length - 6),
        "digits and separators": _fit("12-34.56/78 ", length),
        "nested quotes": ">" * length,
        "nested lists": _growing(lambda i: "  " * i + "- a\n", length),
        "nested emphasis": "*" * (length // 2) + "a" * (length // 2),
        "open brackets then text and a close": ("[" * (length // 2) + "a " * length)[:length - 1]
        + "]",
        "links opened and never closed": "[a](" * (length // 8) + "b" * (length // 2),
        "backtick runs of every length": _growing(lambda i: "`" * i + "a", length),
        "one long line of words": _fit("word ", length),
        "many short lines": _fit("a\n", length),
        "mixed marks": _fit("*_[`<&\\~!]>#-:@ ", length),
        "mixed emoji and marks": _fit("\U0001F600*a\u0301[", length),
        "right-to-left with marks": _fit("\u05e9\u05dc\u05d5\u05dd *\u202e[", length),
    }


def post_inputs(length: int = POST_MAX) -> dict[str, str]:
    """Adversarial post bodies, by name, each `length` characters long."""
    inputs = {f"{unit!r} repeated": _fit(unit, length) for unit in _REPEATED}
    inputs.update(_long_shapes(length))
    for unit in _EXPENSIVE_UNITS:
        inputs[f"{unit!r} as dense as the budget allows"] = _densest(unit, length, MARKUP_BUDGET)
    assert all(len(text) == length for text in inputs.values())
    return inputs


def message_inputs(length: int = MESSAGE_MAX) -> dict[str, str]:
    """Adversarial chat messages, by name, each `length` characters long."""
    inputs = {f"{unit!r} repeated": _fit(unit, length) for unit in _REPEATED}
    inputs.update(_long_shapes(length))
    for unit in _EXPENSIVE_UNITS:
        inputs[f"{unit!r} as dense as the budget allows"] = _densest(unit, length,
                                                                    MESSAGE_MARKUP_BUDGET)
    assert all(len(text) == length for text in inputs.values())
    return inputs


def least_time(run, times: int = 3) -> float:
    """The least of a few runs' seconds, so a neighbour's load on a shared machine is not read
    as the input's cost (a quadratic step is still hundreds of times over)."""
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append(time.perf_counter() - started)
    return min(spent)
