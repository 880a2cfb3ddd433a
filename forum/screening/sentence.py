"""The sentence model: a crisis signal that reads words in their order, as a person reads them.

The lexicons know the families of warning signs by their phrases, and the word models (model.py)
by the words their training sets used; a new writer's quiet wording ("I keep doing the maths on
how long my savings would last the kids without me") has neither. This model is a small
sentence encoder (all-MiniLM-L6-v2, Apache-2.0: six layers, 22 million weights) fine-tuned
offline by tools/train_sentence.py on the labelled development sets to tell a cry for help from
everything else, ordinary recovery talk that shares its words included. It runs here on
onnxruntime from the shipped file (forum/data/screening/crisis_sentence_model.onnx, weights in
8-bit integers): nothing is downloaded, and no network is ever asked.

It only ever asks for a check-in, never an urgent item, and crisis.py hears it only where the
rules found no crisis phrase at all (where they found one, with its context, their judgement
stands, unless the model is sure that a long text is no cry for help: crisis._told_as_no_cry).
Its verdict is explained by the sentence it reads as a cry for help, quoted for the moderator.

The same pass reads three more boundaries where the network has them (its "boundaries" output:
sourcing, contact details, graphic use), each with its own bar in the spec, heard by verdict.py
only where that boundary's rules and word model are silent (heard_as), and quoted likewise.

Its cost is bounded whatever the text: at most MAX_WORDS words are split into pieces (a word
over MAX_WORD letters is not language and is left out), read in at most WINDOWS windows of at
most WINDOW pieces, whole sentences together; one pass of the network per text (a few
milliseconds), and a second only when it fires, to find the sentence to quote.
"""
import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from forum.screening.meaning import MAX_WORD, english, words_of

NAME = "crisis_sentence"  # its name in model.using(), which turns it off or swaps it in tests
SPEC_FILE = "crisis_sentence_model.json"
WINDOW = 126  # pieces a window holds, besides its two markers ([CLS] ... [SEP])
WINDOWS = 4  # windows read: about 400 words, where a post says what it came to say
SHORTEST = 7  # a line of fewer words is left to the lexicons and the word models
# The other boundaries are heard only in a text of this many words: on a short line ("selling my
# desk, $60 or best offer", "nosebleed, blood everywhere lol") a deal's or a scene's shape is all
# there is, and the rules and word models, which know the look-alikes, judge it better.
OTHERS_SHORTEST = 15
QUOTE = 160  # letters of the sentence quoted to a moderator
# A window read this much like a cry for help, short of the bar, is read again a sentence at a
# time (_second_look).
SECOND_LOOK = 0.5
# ... when the window holds this many sentences: in two, the other one is the context that
# answers it ("Drinking me would've said I can't go on. Sober me booked a camping trip").
SECOND_LOOK_SENTENCES = 3


@dataclass(frozen=True)
class Reading:
    """The model's probability for a text, the bar it must reach, and the sentence it heard."""

    probability: float
    bar: float
    sentence: str = ""
    heard: bool = True  # False: not read at all (too short, or not in English)

    @property
    def fires(self) -> bool:
        """True when the text reads enough like a cry for help."""
        return self.probability >= self.bar


class SentenceModel:
    """The vocabulary, the network and the bar (read from the shipped files)."""

    def __init__(self, spec: dict, vocabulary: list[str], network: bytes):
        import onnxruntime

        self.ids = {piece: i for i, piece in enumerate(vocabulary)}
        self.unknown, self.first, self.last = (self.ids[p] for p in ("[UNK]", "[CLS]", "[SEP]"))
        self.longest = max(len(p) for p in vocabulary)
        self.bar = float(spec["threshold"])
        self.enabled = spec.get("enabled", True)
        options = onnxruntime.SessionOptions()
        # one thread: a server process screens one text at a time between other requests, and
        # a second thread would only contend with them (and with the gevent loop)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(network, options,
                                                    providers=["CPUExecutionProvider"])
        # A network with a second output reads other boundaries in the same pass, one column a
        # boundary (spec "boundaries": {boundary: {"column", "bar"}}); a boundary whose spec
        # says it is not enabled is read but never heard.
        has_more = "boundaries" in {o.name for o in self.session.get_outputs()}
        self.outputs = ["logit", "boundaries"] if has_more else ["logit"]
        self.boundaries = {name: (1 + int(b["column"]), float(b["bar"]), b.get("chat", True))
                           for name, b in spec.get("boundaries", {}).items()
                           if has_more and b.get("enabled", True)}
        self._pieces = lru_cache(maxsize=50_000)(self._pieces_of)
        # a text is often read again (an edit, a chat line with the lines before it, a preview,
        # each boundary of one text): its windows and their scores are kept
        self._read = lru_cache(maxsize=4_096)(self._scores)

    def _pieces_of(self, word: str) -> tuple[int, ...]:
        """A word as vocabulary pieces, longest first from the left; a word with a part no
        piece covers is one unknown piece (as the model was trained)."""
        found, start, ids = [], 0, self.ids
        while start < len(word):
            prefix = "##" if start else ""
            for end in range(min(len(word), start + self.longest), start, -1):
                piece = ids.get(prefix + word[start:end])
                if piece is not None:
                    found.append(piece)
                    start = end
                    break
            else:
                return (self.unknown,)
        return tuple(found)

    def _windows(self, sentences: tuple[str, ...]) -> list[tuple[list[int], list[str]]]:
        """Whole sentences packed into windows of at most WINDOW pieces (a longer sentence is
        cut), at most WINDOWS windows, each with the sentences it holds."""
        windows: list[tuple[list[int], list[str]]] = []
        budget = WINDOW * WINDOWS
        for sentence in sentences:
            if budget <= 0:
                break
            pieces = [p for word in words_of(sentence) if len(word) <= MAX_WORD
                      for p in self._pieces(word)][:min(WINDOW, budget)]
            if not pieces:
                continue
            budget -= len(pieces)
            if windows and len(windows[-1][0]) + len(pieces) <= WINDOW:
                windows[-1][0].extend(pieces)
                windows[-1][1].append(sentence)
            elif len(windows) < WINDOWS:
                windows.append((pieces, [sentence]))
            else:
                break
        return windows

    def _logits(self, rows: list[list[int]]):
        """The network's logits for each row of pieces, read in one batch: a row a window,
        the crisis logit first and a column for each other boundary it reads."""
        import numpy as np

        width = max(len(r) for r in rows) + 2
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, :len(row) + 2] = [self.first, *row, self.last]
            mask[i, :len(row) + 2] = 1
        found = off_the_loop(self.session.run, self.outputs,
                             {"input_ids": ids, "attention_mask": mask})
        return np.column_stack([found[0], *found[1:]])

    def read(self, sentences: list[str]) -> Reading:
        """How much a (folded) text, given as its sentences, reads like a cry for help, and the
        sentence that reads most like one. A text not in English, or too short to judge, is
        not read: the lexicons read those."""
        return self._heard(tuple(sentences), 0, self.bar)

    def heard_as(self, boundary: str, sentences: list[str], chat: bool = False) -> Reading | None:
        """How much a text reads as crossing another boundary (sourcing, contact details,
        graphic use), with the sentence that does most; None when the network does not read
        that boundary (or not in chat, where its spec says "chat": false), and not heard in a
        text of fewer than OTHERS_SHORTEST words. The same pass as read(), kept: asking for
        every boundary costs one."""
        column, bar, in_chat = self.boundaries.get(boundary, (0, 0.0, False))
        if not column or (chat and not in_chat):
            return None
        if sum(len(words_of(s)) for s in sentences) < OTHERS_SHORTEST:
            return Reading(0.0, bar, heard=False)
        return self._heard(tuple(sentences), column, bar)

    def _heard(self, sentences: tuple[str, ...], column: int, bar: float) -> Reading:
        scored = self._read(sentences)
        if scored is None:
            return Reading(0.0, bar, heard=False)
        windows, logits = scored
        best = int(logits[:, column].argmax())
        probability = _probability(float(logits[best, column]))
        if probability < bar and column == 0 and probability >= SECOND_LOOK:
            return self._second_look(windows[best], bar) or Reading(probability, bar)
        if probability < bar:
            return Reading(probability, bar)
        return Reading(probability, bar, self._loudest(windows[best], column))

    def _second_look(self, sentences: list[str], bar: float) -> Reading | None:
        """A half-heard window read again a sentence at a time: one quiet sentence among
        ordinary ones ("Long week at work. Told my sister she can have the flat keys and the
        car, she won't need to ask me for anything again. Anyway, thanks for reading.") is
        diluted by them in the window's mean. In a window of SECOND_LOOK_SENTENCES or more, a
        sentence of SHORTEST words or more that reaches the bar alone is heard, and quoted."""
        said = [s for s in sentences if any(c.isalnum() for c in s)]  # not a lone "?"
        kept = [(row, s) for s in said if sum(w.isalnum() for w in words_of(s)) >= SHORTEST
                and (row := [p for w in words_of(s) if len(w) <= MAX_WORD
                             for p in self._pieces(w)][:WINDOW])]
        if not kept or len(said) < SECOND_LOOK_SENTENCES:
            return None
        logits = self._logits([row for row, _ in kept])[:, 0]
        loudest = int(logits.argmax())
        probability = _probability(float(logits[loudest]))
        if probability < bar:
            return None
        quoted = " ".join(kept[loudest][1].split()).lstrip(".!?; ")
        return Reading(probability, bar, quoted if len(quoted) <= QUOTE else quoted[:QUOTE - 1] + "…")

    def _scores(self, sentences: tuple[str, ...]):
        """(the sentences of each window, their logits) for a text, or None where it is not
        read."""
        words = [w for s in sentences for w in words_of(s)]
        if len(words) < SHORTEST or not english(words):
            return None
        windows = self._windows(sentences)
        if not windows:
            return None
        return [kept for _, kept in windows], self._logits([pieces for pieces, _ in windows])

    def _loudest(self, sentences: list[str], column: int = 0) -> str:
        """The sentence of a window that reads most like its boundary (a cry for help), to
        quote."""
        if len(sentences) > 1:
            rows = [[p for w in words_of(s) if len(w) <= MAX_WORD for p in self._pieces(w)]
                    [:WINDOW] for s in sentences]
            kept = [(row, s) for row, s in zip(rows, sentences) if row]
            logits = self._logits([row for row, _ in kept])[:, column]
            sentences = [kept[int(logits.argmax())][1]]
        # a sentence's text starts where the one before it ended: its full stop is not quoted
        quoted = " ".join(sentences[0].split()).lstrip(".!?; ")
        return quoted if len(quoted) <= QUOTE else quoted[:QUOTE - 1] + "…"


def off_the_loop(call, *args):
    """call(*args), in gevent's thread pool when this process serves under gevent: the network
    releases the GIL while it reads, so the loop goes on serving every other member (a long
    post read in four windows would otherwise hold it for tens of milliseconds). Elsewhere
    (threads, tests, the command line) it is called here."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # gevent is a serving dependency, not the screening's
        return call(*args)
    if not monkey.is_module_patched("threading"):
        return call(*args)
    return get_hub().threadpool.apply(call, args)


def _probability(logit: float) -> float:
    return 1 / (1 + math.exp(-logit)) if logit > -30 else 0.0


@cache
def shipped() -> SentenceModel | None:
    """The shipped model, or None when its files are missing or it says it is not enabled."""
    found = load_file()
    return found if found is not None and found.enabled else None


def load_file() -> SentenceModel | None:
    """The shipped files' model, enabled or not (for measuring and tests)."""
    folder = resources.files("forum").joinpath("data/screening")
    try:
        spec = json.loads(folder.joinpath(SPEC_FILE).read_text())
        vocabulary = folder.joinpath(spec["vocabulary"]).read_text().splitlines()
        network = folder.joinpath(spec["network"]).read_bytes()
    except FileNotFoundError:
        return None
    return SentenceModel(spec, vocabulary, network)
