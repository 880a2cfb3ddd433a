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
stands). Its verdict is explained by the sentence it reads as a cry for help, quoted for the
moderator.

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
QUOTE = 160  # letters of the sentence quoted to a moderator


@dataclass(frozen=True)
class Reading:
    """The model's probability for a text, the bar it must reach, and the sentence it heard."""

    probability: float
    bar: float
    sentence: str = ""

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
        self._pieces = lru_cache(maxsize=50_000)(self._pieces_of)
        # a text is often read again (an edit, a chat line with the lines before it, a preview)
        self._read = lru_cache(maxsize=4_096)(self._reading)

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

    def _logits(self, rows: list[list[int]]) -> list[float]:
        """The network's logit for each row of pieces, read in one batch."""
        import numpy as np

        width = max(len(r) for r in rows) + 2
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, :len(row) + 2] = [self.first, *row, self.last]
            mask[i, :len(row) + 2] = 1
        (logits,) = off_the_loop(self.session.run, ["logit"],
                                 {"input_ids": ids, "attention_mask": mask})
        return [float(x) for x in logits]

    def read(self, sentences: list[str]) -> Reading:
        """How much a (folded) text, given as its sentences, reads like a cry for help, and the
        sentence that reads most like one. A text not in English, or too short to judge, is
        not read: the lexicons read those."""
        return self._read(tuple(sentences))

    def _reading(self, sentences: tuple[str, ...]) -> Reading:
        words = [w for s in sentences for w in words_of(s)]
        if len(words) < SHORTEST or not english(words):
            return Reading(0.0, self.bar)
        windows = self._windows(sentences)
        if not windows:
            return Reading(0.0, self.bar)
        logits = self._logits([pieces for pieces, _ in windows])
        best = max(range(len(logits)), key=logits.__getitem__)
        probability = _probability(logits[best])
        if probability < self.bar:
            return Reading(probability, self.bar)
        return Reading(probability, self.bar, self._loudest(windows[best][1]))

    def _loudest(self, sentences: list[str]) -> str:
        """The sentence of a window that reads most like a cry for help, to quote."""
        if len(sentences) > 1:
            rows = [[p for w in words_of(s) if len(w) <= MAX_WORD for p in self._pieces(w)]
                    [:WINDOW] for s in sentences]
            kept = [(row, s) for row, s in zip(rows, sentences) if row]
            logits = self._logits([row for row, _ in kept])
            sentences = [kept[max(range(len(kept)), key=logits.__getitem__)][1]]
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
