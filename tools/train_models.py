"""Train every shipped screening model (forum/data/screening/<name>_model.json) from the
labelled sets, deterministically, in plain Python (no extra packages).

    python tools/train_models.py                  # every model in MODELS, every set
    python tools/train_models.py --only crisis    # one model
    python tools/train_models.py --set A.jsonl --set B.jsonl --out /tmp/models

It trains each model six times (five out-of-fold groups, then on every set): about 6 minutes for
all five models on an idle 2-core machine; on a machine shared by several runs each model takes
far longer (train21: about 40 minutes for each of sourcing, graphic and incitement, run side by
side, and over an hour for crisis_windows, whose 20 epochs read every window too).

The sets are the shared development corpus (../shared/corpus/screening/screening.jsonl) and
every tests/data/screening_*.jsonl, found by name, so a set added on another branch is trained on
after a merge by running this again. The blind validation sets (tests/validation, anything kept
outside the project) are never read: they measure the result.

Each model is a logistic regression over sublinear TF-IDF features of the folded text (words,
word pairs and, where MODELS says so, the 3- to 5-letter pieces of each word; see
forum/screening/model.py), class-weighted and L2-regularised, learnt by stochastic gradient
descent over a fixed shuffle (seed SEED), so the same sets always give the same file.

Its threshold is chosen out of fold: the sets are dealt into FOLDS groups (in name order, round
robin) and every group in turn is scored by a model trained on the other groups, so no set is
scored by a model that saw it (`--folds 0` leaves one set out at a time, slower), and the threshold is the lowest of THRESHOLDS at which the share of
ordinary items the model fires on stays within the model's false-alarm budget. The final model is
then trained on every set. tools/model_cv.py reports what the models add to the rules, set by set.

The crisis model is words and word pairs (MODELS["crisis"]); the second, `crisis_windows`
(letter pieces, best window of three sentences, its own budget of 1% out of fold), is read beside
it on texts of 40 words or more (forum/screening/crisis.py): either asks for a check-in.
Note (issue 8, train19): the crisis file shipped is still the earlier words-and-pairs model
(trained on 4,519 items). Retrained on all 23 sets with this spec it is more careful (threshold
0.75; out of fold it finds 0.51 of crisis items at 1.2% of ordinary ones), and
tests/test_screening_sets.py's floors fail with it (dev5 0.95 -> 0.79, dev6 0.99 -> 0.88): retrain
with `--only crisis`, run that test and bench/screening.py before committing a new crisis file.
The other four files are this trainer's, on 26 sets (train20); retrained on 30 sets with train21
they were measured and not shipped (forum/data/screening/README.md says why).
Why the floors fail (model20): the first file was trained when dev5 and dev6 were a fifth of the
data and learnt them closely (in-sample 0.7 to 0.9 on dev5's crisis items the rules miss); the
sets written since hold ordinary look-alikes in the same words ("whats the point of ...", "its
better this way", "deleted everyone's number"), so a model of all 23 sets cannot fit those items:
less regularisation does not help (c=100 and 20 epochs: 84 of dev5's 240 crisis items under 0.75
in-sample; c=1000 and 30 epochs: 77), though out of fold c=100 adds more (+329 crisis items for
59 ordinary ones, against +279 for 45 with this spec). The floors measure what the first file
memorised, not what a model carries to new writers; the rules must reach dev5 and dev6 first.
Tried again with train21 (model21, 30 sets, 12,142 items): words, pairs and 3-5 letter pieces,
c=100, 20 epochs, trained on every set and read with the rules, in-sample. No threshold passes
dev5: at 0.65 its crisis items are found (19 of 240 missed, the floor allows 19) but 19 of its
220 ordinary ones are read as crisis (the floor allows 13; the rules alone 7: grief, a poem, a
hard week); at 0.75 the ordinary ones pass (11) and 29 crisis items are missed (10 over). dev6
and dev_own pass from 0.75; train21a and train21d fail at every threshold on the rules alone (85
of 200 and 62 of 170 crisis items the rules miss without the first model, read by no model).
Without the first model the rules miss 68 of dev5's 240 crisis items and 70 of dev6's 250, many
plain ("i want to cut so bad rn", "theres no reason for me to keep going"): families for the
lexicon, after which any of these models passes.
Each file written records `out_of_fold` (the chosen threshold's share found and alarmed on sets
it never saw) and its `budget`; tests/test_screening_model20.py holds the one to the other.
"""
import argparse
import json
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forum.normalize import fold  # noqa: E402
from forum.screening.model import Model, features, tokens, vector, windows  # noqa: E402

SHARED_SET = ROOT.parent / "shared" / "corpus" / "screening" / "screening.jsonl"
OUT = ROOT / "forum" / "data" / "screening"
SEED = 7
RATE = 0.2
THRESHOLDS = [step / 100 for step in range(50, 100, 5)]
# Five groups of sets: a model per group instead of one per set (23 sets and growing), so
# training all five models takes minutes, not hours; each is still scored only on sets it never saw.
FOLDS = 5


@dataclass(frozen=True)
class Spec:
    """What one model learns: the category it finds, the features it reads, its budget of
    false alarms on ordinary items (out of fold), and what its verdict does."""

    name: str
    category: str
    about: str
    # Only the category's items with this expected outcome are what the model finds (incitement
    # is the harassment that is refused); the category's other items are learnt as negatives.
    expect: str | None = None
    pieces: tuple[int, int] | None = (3, 5)
    window: int = 0
    budget: float = 0.01
    epochs: int = 8
    c: float = 10.0  # inverse regularisation strength, as in common logistic regression tools
    min_df: int = 2
    keep: float = 1e-3  # weights smaller than this are dropped from the file
    # With a window, each window of the other categories' long texts is learnt as one more
    # example of what the model must not fire on (a calm long post has no risky window).
    window_negatives: bool = True
    # Whose ordinary items the budget counts: "all", or "own" (only the sets that hold the
    # model's category: the near-misses written against that boundary, which a model is most
    # likely to mistake; elsewhere they would dilute the budget), or "crisis" (ordinary and
    # crisis items of every set).
    budget_on: str = "all"
    # Written into the file: a model switched off is shipped for measuring (flip "enabled" in
    # its file, or here, and run bench/screening.py), not read by the screening.
    enabled: bool = True


MODELS = {
    # Words and word pairs only, read on the whole text: out of fold (tools/model_cv.py) it
    # adds a little less than the letter-piece model below (+300 crisis items for 45 ordinary
    # ones, against +359 for 56, on 23 sets), but it fits the development sets closely, and the
    # two heard side by side (this one on every text, that one on long texts) add most.
    "crisis": Spec("crisis", "crisis", budget=0.02, pieces=None, window=0, epochs=8, c=10.0,
                   about=("Crisis word model: only ever asks for a check-in, never an urgent "
                          "item on its own.")),
    "crisis_windows": Spec("crisis_windows", "crisis", budget=0.01, window=3, epochs=20, c=100.0,
                           about=("Second crisis word model (letter pieces, best window of three "
                                  "sentences), read beside the first: only ever asks for a "
                                  "check-in, never an urgent item on its own.")),
    # Its budget is 2% (not 1%): the model is heard only behind its gate (a substance, or an
    # ask, offer or deal named, and no ordinary goods or help), which closes on most texts the
    # budget counts; measured on the two earlier blind sets (which it never learnt from), the
    # threshold this gives (0.85) holds 3 more of 110 sourcing items than 0.9 and no ordinary one.
    "sourcing": Spec("sourcing", "sourcing", budget=0.02, budget_on="own", about=(
        "Sourcing word model: holds a post for a moderator (chat: refuses it), as the sourcing "
        "rules do; never over a crisis.")),
    "graphic": Spec("graphic", "graphic-use", budget_on="own", about=(
        "Graphic-use word model: asks for a content warning (chat: reports), as the graphic-use "
        "rules do; never over a crisis.")),
    # Its budget counts crisis items beside ordinary ones: a cry for help the crisis reading
    # missed must not be refused as words aimed at someone else.
    "incitement": Spec("incitement", "harassment", expect="refused", budget=0.01,
                       budget_on="crisis", about=(
        "Incitement word model: refuses words telling or wishing someone else to hurt or kill "
        "themselves, where the incitement phrases are silent and the text is aimed at someone "
        "else; never over a crisis.")),
}


def positive(item: dict, spec: Spec) -> bool:
    """True when the item is what the spec's model finds."""
    return item["category"] == spec.category and (spec.expect is None
                                                  or item["expect"] == spec.expect)


def default_sets() -> list[Path]:
    """The shared development set and every tests/data/screening_*.jsonl, in name order."""
    return [SHARED_SET, *sorted((ROOT / "tests" / "data").glob("screening_*.jsonl"))]


def load(paths: list[Path]) -> list[dict]:
    """Every labelled item of the sets, with its set's name and its words (folded)."""
    items = []
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                item["set"] = path.name
                item["folded"] = fold(item["text"]).text
                item["words"] = tokens(item["folded"])
                items.append(item)
    return items


def vocabulary(counts: list[Counter], min_df: int) -> dict[str, float]:
    """Terms in at least min_df items, with their smoothed inverse document frequency."""
    df = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in sorted(df.items()) if d >= min_df}


def learn(xs: list[dict], ys: list[int], spec: Spec) -> tuple[dict, float]:
    """Weights and bias by SGD on the class-weighted, L2-regularised log loss; the L2 shrink is
    kept as one scale factor so each step costs only the item's own features."""
    n, positives = len(ys), sum(ys)
    if not positives or positives == n:
        return {}, (30.0 if positives else -30.0)
    class_weight = {1: n / (2.0 * positives), 0: n / (2.0 * (n - positives))}
    lam = 1.0 / (spec.c * n)
    weights: dict[str, float] = {}
    scale, bias, step = 1.0, 0.0, 0
    order = list(range(n))
    shuffler = random.Random(SEED)
    for _ in range(spec.epochs):
        shuffler.shuffle(order)
        for i in order:
            x, y = xs[i], ys[i]
            rate = RATE / (1.0 + step / n)  # slower each epoch
            step += 1
            z = bias + scale * sum(v * weights.get(t, 0.0) for t, v in x.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = class_weight[y] * (p - y)
            scale *= 1.0 - rate * lam
            if g:
                factor = rate * g / scale
                for t, v in x.items():
                    weights[t] = weights.get(t, 0.0) - factor * v
                bias -= rate * g
            if scale < 1e-6:
                weights = {t: w * scale for t, w in weights.items()}
                scale = 1.0
    return {t: w * scale for t, w in weights.items()}, bias


def fit(items: list[dict], spec: Spec) -> Model:
    """A model of the spec trained on the items."""
    counts = [features(i["words"], spec.pieces) for i in items]
    idf = vocabulary(counts, spec.min_df)
    ys = [int(positive(i, spec)) for i in items]
    if spec.window and spec.window_negatives:
        extra = [features(w, spec.pieces) for i in items if not positive(i, spec)
                 for w in windows(i["folded"], spec.window)]
        counts, ys = counts + extra, ys + [0] * len(extra)
    xs = [vector(c, idf) for c in counts]
    weights, bias = learn(xs, ys, spec)
    kept = {t: round(w, 4) for t, w in sorted(weights.items()) if abs(w) >= spec.keep}
    # The model reads only the terms it weighs (the file stays small), in training too.
    return Model(spec.name, 2, 0.5, round(bias, 6), {t: round(idf[t], 4) for t in kept},
                 kept, spec.pieces, spec.window)


def fold_of(items: list[dict], folds: int = FOLDS) -> dict[str, str]:
    """Each set's group: sets dealt round robin in name order into `folds` groups (or each set
    its own group when folds is 0)."""
    names = sorted(dict.fromkeys(i["set"] for i in items))
    if not folds:
        return {name: name for name in names}
    return {name: f"group {k % folds + 1}" for k, name in enumerate(names)}


def out_of_set(items: list[dict], spec: Spec, log=None, folds: int = FOLDS) -> \
        tuple[list[float], dict]:
    """Each item's probability from a model trained on the other groups of sets (no set is
    scored by a model that saw it), and those models by the set they scored."""
    groups = fold_of(items, folds)
    scores = [0.0] * len(items)
    models = {}
    for group in dict.fromkeys(groups.values()):
        members = {name for name, g in groups.items() if g == group}
        model = fit([i for i in items if i["set"] not in members], spec)
        models.update((name, model) for name in members)
        for index, item in enumerate(items):
            if item["set"] in members:
                scores[index] = model.score(item["folded"]).probability
        if log:
            log(f"  {spec.name}: {', '.join(sorted(members))} scored by a model that never saw them")
    return scores, models


def choose_threshold(items: list[dict], scores: list[float], spec: Spec,
                     table=None) -> float:
    """The lowest threshold whose out-of-fold false alarms on ordinary items fit the budget."""
    own = {i["set"] for i in items if positive(i, spec)}
    counted = ("ordinary", "crisis") if spec.budget_on == "crisis" else ("ordinary",)
    ordinary = [s for i, s in zip(items, scores) if i["category"] in counted
                and (spec.budget_on != "own" or i["set"] in own)]
    found = [s for i, s in zip(items, scores) if positive(i, spec)]
    chosen = THRESHOLDS[-1]
    for t in reversed(THRESHOLDS):
        alarms = sum(s >= t for s in ordinary) / max(1, len(ordinary))
        if table is not None:
            table.append((t, sum(s >= t for s in found) / max(1, len(found)), alarms))
        if alarms <= spec.budget:
            chosen = t
    return chosen


def as_json(model: Model, spec: Spec, paths: list[Path], items: int,
            out_of_fold: dict | None = None) -> dict:
    """The file the screening loads; `out_of_fold` is what the chosen threshold found and
    alarmed on sets the model never saw (tests/test_screening_model20.py holds it to the
    budget)."""
    return {"name": model.name, "version": model.version, "about": spec.about,
            "budget": spec.budget, "out_of_fold": out_of_fold,
            "enabled": spec.enabled,
            "features": "sublinear TF-IDF of words, word pairs" +
                        (f" and {spec.pieces[0]}-{spec.pieces[1]} letter pieces of words"
                         if spec.pieces else "") +
                        (f"; best window of {spec.window} sentences" if spec.window else ""),
            "trained_on": [p.name for p in paths], "items": items,
            "threshold": model.threshold, "bias": model.bias,
            "pieces": list(model.pieces) if model.pieces else None, "window": model.window,
            "idf": model.idf,
            "weights": model.weights}


def train_and_write(items: list[dict], spec: Spec, paths: list[Path], out: Path, log,
                    folds: int = FOLDS) -> tuple:
    """Choose a model's threshold out of fold, train it on every item and write its file;
    answers the out-of-fold scores and models (tools/model_cv.py reports on them)."""
    scores, models = out_of_set(items, spec, log, folds)
    table = []
    threshold = choose_threshold(items, scores, spec, table)
    log("threshold  found  ordinary alarmed (out of fold)")
    for t, found, alarms in sorted(table):
        log(f"   {t:.2f}    {found:.3f}   {alarms:.3f}")
    model = replace(fit(items, spec), threshold=threshold)
    path = out / f"{spec.name}_model.json"
    found, alarmed = next((f, a) for t, f, a in table if t == threshold)
    figures = {"threshold": threshold, "found": round(found, 3), "alarmed": round(alarmed, 4),
               "folds": folds}
    path.write_text(json.dumps(as_json(model, spec, paths, len(items), figures), indent=0,
                               sort_keys=True) + "\n")
    log(f"{spec.name}: threshold {threshold}; wrote {path} ({len(model.weights)} weights)")
    return scores, models


def main() -> int:
    """Choose each model's threshold out of fold, train it on every set and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", type=Path, help="a .jsonl set (repeatable)")
    parser.add_argument("--only", action="append", choices=sorted(MODELS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--folds", type=int, default=FOLDS,
                        help="groups of sets for the out-of-fold threshold (0: one per set)")
    args = parser.parse_args()
    paths = args.set or default_sets()
    items = load(paths)
    log = lambda text: print(text, file=sys.stderr)  # noqa: E731
    log(f"{len(items)} items in {len(paths)} sets")
    for name in args.only or MODELS:
        train_and_write(items, MODELS[name], paths, args.out, log, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
