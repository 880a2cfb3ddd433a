"""What the trained models add to the rules, measured on sets they never saw (five groups of sets,
each left out in turn; tools/train_models.py's FOLDS).

    python tools/model_cv.py                      # every model of tools/train_models.py
    python tools/model_cv.py --only crisis --set-variant crisis:pieces=none
    python tools/model_cv.py --misses             # list what the models change

For each labelled set (the shared development set and every tests/data/screening_*.jsonl),
every model is trained on the sets outside its group, its threshold chosen on the other sets' out-of-fold
scores with its false-alarm budget (tools/train_models.py), and the held-out set is screened
twice through the pure pipeline (forum.screening: read, then decide, as
services/screening/assess.py does, with the item's newcomer flag and its channel): by the rules
alone (every model off) and by the rules with the models. An item counts as treated as expected
the way bench/screening.py counts it. Prints, per set and pooled, per boundary, the items the
rules miss that the models catch, those the models lose, and the ordinary items newly mistreated.

The rules were tuned on every set, so the rules' own figures here flatter them; what this
measures honestly is what the models add on text they were not trained on.
"""
import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import train_models  # noqa: E402
from bench.screening import expected_ok, group_of as row_of  # noqa: E402  (as the bench)
from forum import create_app  # noqa: E402
from forum.config import TestConfig  # noqa: E402
from forum.screening import crisis as crisis_reading, model  # noqa: E402
from forum.screening.reading import read  # noqa: E402
from forum.screening.verdict import Context, crisis_across_lines, decide  # noqa: E402
from forum.services.screening.assess import _outside_links, help_numbers, is_help_link  # noqa

ROWS = ("crisis", "sourcing", "identifying-info", "promotion", "graphic-use", "incitement",
        "harassment", "medical-advice", "ordinary")


def outcome(verdict, chat: bool) -> str:
    """What the post or chat path does with a verdict, in bench/screening.py's words."""
    if verdict.refuse is not None and not verdict.crisis:
        return "refused"
    if verdict.crisis:
        return f"crisis:{verdict.crisis_tier}"
    if chat:
        if verdict.masked_text is not None or verdict.mask_spans:
            return "masked"
        return "report" if verdict.reasons() else "publish"
    if verdict.needs_warning is not None:
        return "warning"
    if verdict.hold is not None:
        return "held"
    return "report" if verdict.reasons() else "publish"


def screen(items: list[dict], readings: list) -> list[str]:
    """Each item's outcome through the pure pipeline with the models now in use."""
    got = []
    for item, (reading, context) in zip(items, readings):
        verdict = decide(reading, item["text"], context)
        got.append(outcome(verdict, item["surface"] == "chat"))
    return got


def prepare(items: list[dict]) -> list:
    """Each item's reading and context, once (the rules and the models read the same)."""
    numbers = help_numbers()
    prepared = []
    for item in items:
        channel = "message" if item["surface"] == "chat" else "post"
        reading = read(item["text"], is_help_link, keep_spans=channel == "message",
                       help_numbers=numbers)
        outside = _outside_links(item["text"], channel, None, reading)
        prepared.append((reading, Context(channel, False, item.get("from") == "newcomer",
                                          outside, lambda handle: False)))
    return prepared


def variant(spec, text: str):
    """A spec changed by "key=value,key=value" (pieces=none|3-5, window=3, budget=0.02...)."""
    changes = {}
    for pair in filter(None, text.split(",")):
        key, value = pair.split("=")
        if key == "pieces":
            changes[key] = None if value == "none" else tuple(int(v) for v in value.split("-"))
        elif key == "window_negatives":
            changes[key] = value == "yes"
        elif key in ("window", "epochs", "min_df"):
            changes[key] = int(value)
        else:
            changes[key] = float(value)
    return replace(spec, **changes)


def as_lines(item: dict) -> list[str]:
    """A chat item's lines, as a member typing them one at a time would send them."""
    return [line for line in item["text"].split("\n") if line.strip()]


def crisis_by_lines(lines: list[str]) -> bool:
    """Whether any line, sent one at a time, is a crisis alone or with the member's few lines
    before it (services/chat/messages.py: assess_with_lines_before)."""
    numbers = help_numbers()
    for k, line in enumerate(lines):
        verdict = decide(read(line, is_help_link, keep_spans=True, help_numbers=numbers), line,
                         Context("message"))
        if verdict.crisis:
            return True
        earlier = "\n".join(lines[max(0, k - 3):k])
        if verdict.crisis_lean and earlier and verdict.refuse is None and crisis_across_lines(
                verdict, read(earlier, is_help_link, help_numbers=numbers),
                read(earlier + "\n" + line, is_help_link, help_numbers=numbers)):
            return True
    return False


def ordinary_runs(items: list[dict], per_set: dict) -> list[list[dict]]:
    """Each set's one-line ordinary chat items in runs of three, in the set's order, as one
    member's lines in a row (a harder test of false alarms than real chat, whose lines speak
    to each other)."""
    runs = []
    for name in per_set:
        lines = [i for i in items if i["set"] == name and i["surface"] == "chat"
                 and i["category"] == "ordinary" and len(as_lines(i)) == 1]
        runs += [lines[k:k + 3] for k in range(0, len(lines) - 2, 3)]
    return runs


def lines_table(items: list[dict], per_set: dict) -> None:
    """Multi-line chat items sent a line at a time, with held-out models: crisis found and
    ordinary items read as a crisis, with the models hearing the lines together or not."""
    chosen = [i for i in items if i["surface"] == "chat" and len(as_lines(i)) >= 2
              and i["category"] in ("crisis", "ordinary") and i["set"] in per_set]
    print("\n### chat items sent a line at a time (held-out models)\n")
    print("| models hear lines together | crisis found | ordinary read as crisis | runs of "
          "three ordinary chat lines read as crisis |")
    print("|---|---|---|---|")
    for heard in (False, True):
        crisis_reading.LINES_HEARD_BY_MODELS = heard
        found = alarmed = 0
        for item in chosen:
            with model.using({**{name: None for name in model.NAMES}, **per_set[item["set"]]}):
                hit = crisis_by_lines(as_lines(item))
            found += hit and item["category"] == "crisis"
            alarmed += hit and item["category"] == "ordinary"
        crisis_n = sum(i["category"] == "crisis" for i in chosen)
        runs = ordinary_runs(items, per_set)
        run_alarms = 0
        for run in runs:
            with model.using({**{name: None for name in model.NAMES}, **per_set[run[0]["set"]]}):
                run_alarms += crisis_by_lines([i["text"] for i in run])
        print(f"| {'yes' if heard else 'no'} | {found}/{crisis_n} | "
              f"{alarmed}/{len(chosen) - crisis_n} | {run_alarms}/{len(runs)} |")
    crisis_reading.LINES_HEARD_BY_MODELS = True


def shipped_lines(paths: list[Path]) -> int:
    """lines_table with the shipped models, on the sets the shipped crisis model was not
    trained on (a quick measure, no training)."""
    folder = tempfile.mkdtemp()
    app = create_app(TestConfig(f"{folder}/instance", f"sqlite:///{folder}/cv.sqlite3"))
    with app.app_context():
        seen = set(model.load_file("crisis") and json.loads(
            (train_models.OUT / "crisis_model.json").read_text())["trained_on"] or ())
        items = [i for i in train_models.load(paths) if i["set"] not in seen]
        shipped = {name: model.get(name) for name in model.NAMES}
        print("Sets: " + ", ".join(sorted({i["set"] for i in items})))
        lines_table(items, {i["set"]: shipped for i in items})
    return 0


def held_out_models(items: list[dict], specs: dict, log, write=None) -> tuple[dict, list]:
    """For each set, each model trained without it, thresholded on the other sets' out-of-fold
    scores; and each model's own figures out of fold (its category found, ordinary alarmed)."""
    per_set, alone = defaultdict(dict), []
    for name, spec in specs.items():
        scores, models = train_models.train_and_write(items, spec, *write, log) if write \
            else train_models.out_of_set(items, spec, log)
        fired = [False] * len(items)
        for held, fitted in models.items():
            others = [(i, s) for i, s in zip(items, scores) if i["set"] != held]
            threshold = train_models.choose_threshold([i for i, _ in others],
                                                      [s for _, s in others], spec)
            per_set[held][name] = replace(fitted, threshold=threshold)
            for k, item in enumerate(items):
                if item["set"] == held:
                    fired[k] = scores[k] >= threshold
            log(f"  {name} without {held}: threshold {threshold}")
        found = [f for i, f in zip(items, fired) if i["category"] == spec.category]
        ordinary = [f for i, f in zip(items, fired) if i["category"] == "ordinary"]
        alone.append(f"| {name} | {spec.category} | {sum(found) / len(found):.3f} "
                     f"({sum(found)}/{len(found)}) | {sum(ordinary) / len(ordinary):.3f} "
                     f"({sum(ordinary)}/{len(ordinary)}) |")
    return per_set, alone


def table(title: str, rows: dict, show_sets: bool = False) -> None:
    """One table: per boundary, rules alone against rules and models."""
    print(f"\n### {title}\n")
    print("| boundary | n | rules alone | rules + models | caught by models | lost |")
    print("|---|---|---|---|---|---|")
    for row in ROWS:
        if row not in rows:
            continue
        n, rules_ok, both_ok, caught, lost = rows[row]
        if row == "ordinary":
            print(f"| ordinary wrongly treated | {n} | {(n - rules_ok) / n:.3f} ({n - rules_ok}) "
                  f"| {(n - both_ok) / n:.3f} ({n - both_ok}) | - | newly mistreated: {lost} |")
        else:
            print(f"| {row} | {n} | {rules_ok / n:.3f} | {both_ok / n:.3f} | +{caught} | "
                  f"-{lost} |")


def tally(items, rules, both) -> dict:
    """Per row: items, right by the rules, right with the models, caught, lost."""
    rows = defaultdict(lambda: [0, 0, 0, 0, 0])
    for item, r, b in zip(items, rules, both):
        ok_r, ok_b = expected_ok(item, r), expected_ok(item, b)
        row = rows[row_of(item)]
        row[0] += 1
        row[1] += ok_r
        row[2] += ok_b
        row[3] += ok_b and not ok_r
        row[4] += ok_r and not ok_b
    return rows


def main() -> int:
    """Leave each set out in turn; print what the models add, per set and pooled."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(train_models.MODELS))
    parser.add_argument("--set-variant", action="append", default=[],
                        help="NAME:key=value,... to try a variant of one model's spec")
    parser.add_argument("--set", action="append", type=Path, help="a .jsonl set (repeatable)")
    parser.add_argument("--misses", action="store_true", help="list what the models change")
    parser.add_argument("--quiet", action="store_true", help="only the pooled table")
    parser.add_argument("--write", action="store_true",
                        help="also train each model on every set and write it, as "
                             "tools/train_models.py does (one run instead of two)")
    parser.add_argument("--lines", action="store_true",
                        help="only the multi-line chat items sent a line at a time, with the "
                             "shipped models, on the sets the shipped crisis model never saw")
    args = parser.parse_args()
    if args.lines:
        return shipped_lines(args.set or train_models.default_sets())
    log = lambda text: print(text, file=sys.stderr)  # noqa: E731
    specs = {name: train_models.MODELS[name] for name in args.only or train_models.MODELS}
    for text in args.set_variant:
        name, changes = text.split(":", 1)
        specs[name] = variant(specs[name], changes)
    folder = tempfile.mkdtemp()
    app = create_app(TestConfig(f"{folder}/instance", f"sqlite:///{folder}/cv.sqlite3"))
    with app.app_context():
        paths = args.set or train_models.default_sets()
        items = train_models.load(paths)
        readings = prepare(items)
        with model.using({name: None for name in model.NAMES}):
            rules = screen(items, readings)
        per_set, alone = held_out_models(items, specs, log,
                                         (paths, train_models.OUT) if args.write else None)
        both = list(rules)
        for held, models in per_set.items():
            index = [k for k, i in enumerate(items) if i["set"] == held]
            with model.using({**{name: None for name in model.NAMES}, **models}):
                got = screen([items[k] for k in index], [readings[k] for k in index])
            for k, g in zip(index, got):
                both[k] = g
    print("Models: " + "; ".join(f"{n} {s}" for n, s in specs.items()))
    if not args.quiet:
        for held in per_set:
            chosen = [k for k, i in enumerate(items) if i["set"] == held]
            table(f"held out: {held}", tally([items[k] for k in chosen], [rules[k] for k in chosen],
                                             [both[k] for k in chosen]))
    table("pooled, every set held out in turn", tally(items, rules, both))
    with app.app_context():
        lines_table(items, per_set)
    print("\n### each model alone, out of fold (whole probability, no rule around it)\n")
    print("| model | finds | found | ordinary alarmed |\n|---|---|---|---|")
    print("\n".join(alone))
    if args.misses:
        print()
        for item, r, b in zip(items, rules, both):
            if r != b:
                print(f"- {item['set']} {item['id']} ({item['surface']}, {item['expect']}): "
                      f"{r} -> {b}: {item['text'][:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
