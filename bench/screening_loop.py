"""Benchmark: how long the sentence model holds a gevent server's loop while it reads a text.

    python bench/screening_loop.py [--runs 20]

Under gevent (the server `forum run` starts), every member of a process shares one loop: while
one text is screened, no other request or chat delivery moves. This patches the standard library
as the gevent worker does, reads the worst-case texts of tests/worst_cases.py (an ordinary
20,000-character post and 2,000-character chat message, each four windows) with the shipped
sentence model, and meanwhile runs a greenlet that wakes every millisecond. Prints, per text,
the median time of a reading and the median longest gap the waking greenlet saw: once as the
forum reads (the network in gevent's thread pool, sentence.off_the_loop) and once with the
network called on the loop, as before. A benchmark, not a test (tests/test_screening_sentence.py
holds the bound).
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from forum.normalize import fold  # noqa: E402
from forum.screening import sentence  # noqa: E402
from worst_cases import ordinary_message, ordinary_post  # noqa: E402


def sentences_of(text: str) -> list[str]:
    """A text cut at its full stops, as the screening's reading cuts it (near enough)."""
    folded = fold(text).text
    return [s + "." for s in folded.split(".") if s.strip()]


def one_run(reader, sentences: list[str]) -> tuple[float, float]:
    """(ms the reading took, longest ms the waking greenlet waited) for one new reading."""
    reader._read.cache_clear()
    gaps, done = [], False

    def waker():
        last = time.perf_counter()
        while not done:
            gevent.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticking = gevent.spawn(waker)
    gevent.sleep(0.01)
    began = time.perf_counter()
    reader.read(sentences)
    took = time.perf_counter() - began
    done = True
    ticking.join()
    return took * 1000, max(gaps) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    reader = sentence.load_file()
    texts = {"ordinary post, 20,000 characters": ordinary_post(),
             "ordinary chat message, 2,000 characters": ordinary_message()}
    on_thread_pool = sentence.off_the_loop
    print("| text | network | reading (ms) | loop held at most (ms) |")
    print("|---|---|---|---|")
    for name, text in texts.items():
        parts = sentences_of(text)
        for label, runner in (("in gevent's thread pool (now)", on_thread_pool),
                              ("on the loop (before)", lambda call, *a: call(*a))):
            sentence.off_the_loop = runner
            runs = [one_run(reader, parts) for _ in range(args.runs)]
            print(f"| {name} | {label} | {statistics.median(r[0] for r in runs):.1f} | "
                  f"{statistics.median(r[1] for r in runs):.1f} |")
    sentence.off_the_loop = on_thread_pool
    return 0


if __name__ == "__main__":
    sys.exit(main())
