"""Train the crisis word model (forum/data/screening/crisis_model.json) from labelled sets.

    python tools/train_crisis_model.py [--set PATH ...] [--folds 5]

A logistic regression over word and word-pair TF-IDF features of the folded text, class
weighted and L2-regularised, trained in plain Python (no extra packages) so anyone can retrain it
exactly. The threshold is chosen by cross-validation: the lowest that keeps the model's own
false alarms on ordinary posts at or under FALSE_ALARM_BUDGET out of fold. The blind validation
set (tests/validation) is never used here: it measures the result.
"""
import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forum.normalize import fold  # noqa: E402
from forum.screening.model import features, vector  # noqa: E402

SETS = [ROOT.parent / "shared" / "corpus" / "screening" / "screening.jsonl",
        ROOT / "tests" / "data" / "screening_cases.jsonl",
        *sorted((ROOT / "tests" / "data").glob("screening_dev*.jsonl"))]
OUT = ROOT / "forum" / "data" / "screening" / "crisis_model.json"
C = 10.0  # inverse regularisation strength, as in common logistic regression tools
MIN_DF = 2
FALSE_ALARM_BUDGET = 0.02
EPOCHS = 400


def load(paths: list[Path]) -> list[dict]:
    """Every labelled item of the sets, with its folded text."""
    items = []
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                item["folded"] = fold(item["text"]).text
                items.append(item)
    return items


def vocabulary(items: list[dict]) -> dict[str, float]:
    """Terms in at least MIN_DF items, with their smoothed inverse document frequency."""
    df = Counter()
    for item in items:
        df.update(set(features(item["folded"])))
    n = len(items)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in sorted(df.items()) if d >= MIN_DF}


def train(xs: list[dict], ys: list[int]) -> tuple[dict, float]:
    """Weights and bias by full-batch Adam on the class-weighted, L2-regularised log loss."""
    n, positives = len(ys), sum(ys)
    class_weight = {1: n / (2.0 * positives), 0: n / (2.0 * (n - positives))}
    weights: dict[str, float] = {}
    bias = 0.0
    m, v = Counter(), Counter()
    mb = vb = 0.0
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, EPOCHS + 1):
        grad = Counter({t: w / C for t, w in weights.items()})
        grad_bias = 0.0
        for x, y in zip(xs, ys):
            z = bias + sum(value * weights.get(t, 0.0) for t, value in x.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            error = class_weight[y] * (p - y)
            grad_bias += error
            for t, value in x.items():
                grad[t] += error * value
        for t, g in grad.items():
            m[t] = beta1 * m[t] + (1 - beta1) * g
            v[t] = beta2 * v[t] + (1 - beta2) * g * g
            m_hat, v_hat = m[t] / (1 - beta1 ** step), v[t] / (1 - beta2 ** step)
            weights[t] = weights.get(t, 0.0) - rate * m_hat / (math.sqrt(v_hat) + eps)
        mb = beta1 * mb + (1 - beta1) * grad_bias
        vb = beta2 * vb + (1 - beta2) * grad_bias * grad_bias
        bias -= rate * (mb / (1 - beta1 ** step)) / (math.sqrt(vb / (1 - beta2 ** step)) + eps)
    return weights, bias


def probability(x: dict, weights: dict, bias: float) -> float:
    """The model's probability for one feature vector."""
    z = bias + sum(value * weights.get(t, 0.0) for t, value in x.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def out_of_fold(items: list[dict], folds: int) -> list[float]:
    """Each item's probability from a model that did not see it."""
    order = list(range(len(items)))
    random.Random(7).shuffle(order)
    scores = [0.0] * len(items)
    for fold_number in range(folds):
        held = set(order[fold_number::folds])
        train_items = [items[i] for i in range(len(items)) if i not in held]
        idf = vocabulary(train_items)
        weights, bias = train([vector(features(i["folded"]), idf) for i in train_items],
                              [int(i["category"] == "crisis") for i in train_items])
        for i in held:
            scores[i] = probability(vector(features(items[i]["folded"]), idf), weights, bias)
        print(f"  fold {fold_number + 1}/{folds} done", file=sys.stderr)
    return scores


def choose_threshold(items: list[dict], scores: list[float]) -> float:
    """The lowest threshold whose out-of-fold false alarms on ordinary items fit the budget."""
    ordinary = [s for i, s in zip(items, scores) if i["category"] == "ordinary"]
    crisis = [s for i, s in zip(items, scores) if i["category"] == "crisis"]
    chosen = 0.95
    print("threshold  crisis found  ordinary alarmed")
    for step in range(95, 49, -5):
        t = step / 100
        alarms = sum(s >= t for s in ordinary) / len(ordinary)
        found = sum(s >= t for s in crisis) / len(crisis)
        print(f"   {t:.2f}        {found:.2f}           {alarms:.3f}")
        if alarms <= FALSE_ALARM_BUDGET:
            chosen = t
    return chosen


def main() -> int:
    """Cross-validate, choose the threshold, train on everything and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    paths = args.set or SETS
    items = load(paths)
    print(f"{len(items)} items, {sum(i['category'] == 'crisis' for i in items)} crisis",
          file=sys.stderr)
    threshold = choose_threshold(items, out_of_fold(items, args.folds))
    idf = vocabulary(items)
    weights, bias = train([vector(features(i["folded"]), idf) for i in items],
                          [int(i["category"] == "crisis") for i in items])
    model = {
        "about": "Crisis word model: logistic regression over TF-IDF word and word-pair features "
                 "of the folded text; written by tools/train_crisis_model.py. Only asks for a "
                 "check-in, never an urgent item on its own.",
        "version": 1,
        "trained_on": [p.name for p in paths],
        "items": len(items),
        "threshold": threshold,
        "bias": round(bias, 6),
        "idf": {t: round(v, 5) for t, v in idf.items()},
        "weights": {t: round(w, 5) for t, w in sorted(weights.items()) if abs(w) >= 1e-3},
    }
    OUT.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n")
    print(f"threshold {threshold}; wrote {OUT.relative_to(ROOT)} "
          f"({len(model['weights'])} weights)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
