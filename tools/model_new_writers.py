"""What the word models add on a writer they never saw: each named set left out in turn.

    python tools/model_new_writers.py --leave-out screening_train21a.jsonl --leave-out ...
    python tools/model_new_writers.py --leave-out screening_train21a.jsonl,screening_train21d.jsonl
    python tools/model_new_writers.py --leave-out screening_train21d.jsonl --only crisis \\
        --set-variant crisis:pieces=3-5 --thresholds /tmp/models --before /tmp/old-models

tools/model_cv.py leaves out five groups of sets, so a group's model misses a fifth of the data;
this leaves out one set (one writer's, as the train21 sets are) and trains every model on all the
others, as the lead would train them before that writer arrived. The left-out set is screened
through the pure pipeline (tools/model_cv.py's) three times: by the rules alone, by the rules
with the models of `--before` (the shipped files by default: on a set they were not trained on,
that is their honest figure) and by the rules with the models trained without the set (`after`).
Each model trained without the set is read at the threshold of its file in `--thresholds` (the
shipped files by default), which the trainer chose out of fold over every set: the left-out set
was one of those sets, so its ordinary items had a small say in the bar, none in the weights.
Prints, per set and pooled, per boundary, what each adds to the rules and the ordinary items it
newly mistreats. Each `--leave-out` costs one training of each model (about a minute each on
an idle machine); sets named together with commas are left out together (one training for
both, each still a writer the models never saw), which halves the cost.
"""
import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import model_cv  # noqa: E402
import train_models  # noqa: E402
from forum import create_app  # noqa: E402
from forum.config import TestConfig  # noqa: E402
from forum.screening import model  # noqa: E402

RULES_ONLY = {name: None for name in model.NAMES}


def folder_models(folder: Path) -> dict:
    """Every model file of a folder, switched on or not in it, by name (None where missing)."""
    found = {}
    for name in model.NAMES:
        path = folder / f"{name}_model.json"
        data = json.loads(path.read_text()) if path.is_file() else None
        found[name] = model.Model.from_json(data) if data and data.get("enabled", True) else None
    return found


def thresholds(folder: Path, specs: dict) -> dict[str, float]:
    """Each model's threshold as its file in the folder has it."""
    return {name: json.loads((folder / f"{name}_model.json").read_text())["threshold"]
            for name in specs}


def outcomes(items, readings, models: dict) -> list[str]:
    """Each item's outcome with these models (every other model off)."""
    with model.using({**RULES_ONLY, **models}):
        return model_cv.screen(items, readings)


def screened(chosen, before_models: dict, after_models: dict) -> tuple[list, list, list]:
    """The outcomes of a set's items by the rules alone, with the `before` models and with
    the models trained without it."""
    readings = model_cv.prepare(chosen)
    return (outcomes(chosen, readings, {}), outcomes(chosen, readings, before_models),
            outcomes(chosen, readings, after_models))


def changed(chosen, before, after) -> None:
    """Each item whose outcome the new models change."""
    for item, b, a in zip(chosen, before, after):
        if b != a:
            print(f"- {item['id']} ({item['surface']}, {item['expect']}): {b} -> {a}: "
                  f"{item['text'][:120]!r}")


def table(title: str, items, rules, before, after) -> None:
    """Per boundary: the rules alone, with the `before` models and with the models trained
    without the set; caught and lost against the rules alone."""
    b, a = model_cv.tally(items, rules, before), model_cv.tally(items, rules, after)
    print(f"\n### {title}\n")
    print("| boundary | n | rules alone | + before models | + models trained without it | "
          "caught before / after | lost (ordinary: newly mistreated) before / after |")
    print("|---|---|---|---|---|---|---|")
    for row in model_cv.ROWS:
        if row not in b:
            continue
        n, rules_ok, before_ok, caught_b, lost_b = b[row]
        after_ok, caught_a, lost_a = a[row][2], a[row][3], a[row][4]
        if row == "ordinary":
            share = lambda ok: f"{(n - ok) / n:.3f} ({n - ok})"  # noqa: E731
            print(f"| ordinary wrongly treated | {n} | {share(rules_ok)} | {share(before_ok)} | "
                  f"{share(after_ok)} | - | {lost_b} / {lost_a} |")
        else:
            print(f"| {row} | {n} | {rules_ok / n:.3f} | {before_ok / n:.3f} | "
                  f"{after_ok / n:.3f} | +{caught_b} / +{caught_a} | -{lost_b} / -{lost_a} |")


def main() -> int:
    """Leave each named set out, train every model without it, print what the models add."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leave-out", action="append", required=True,
                        help="a set's file name, e.g. screening_train21a.jsonl, or several joined by "
                             "commas to leave out together (repeatable)")
    parser.add_argument("--set", action="append", type=Path,
                        help="a .jsonl set (repeatable; every set by default)")
    parser.add_argument("--only", action="append", choices=sorted(train_models.MODELS))
    parser.add_argument("--set-variant", action="append", default=[],
                        help="NAME:key=value,... (tools/model_cv.py's)")
    parser.add_argument("--thresholds", type=Path, default=train_models.OUT,
                        help="the folder whose model files give each model's threshold")
    parser.add_argument("--before", type=Path, default=train_models.OUT,
                        help="the folder of the models to compare with (the shipped ones)")
    parser.add_argument("--misses", action="store_true", help="list what the new models change")
    args = parser.parse_args()
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    specs = {name: train_models.MODELS[name] for name in args.only or train_models.MODELS}
    for text in args.set_variant:
        name, changes = text.split(":", 1)
        specs[name] = model_cv.variant(specs[name], changes)
    before_models = folder_models(args.before)
    folder = tempfile.mkdtemp()
    app = create_app(TestConfig(f"{folder}/instance", f"sqlite:///{folder}/cv.sqlite3"))
    pooled = ([], [], [], [])
    with app.app_context():
        items = train_models.load(args.set or train_models.default_sets())
        names = {i["set"] for i in items}
        for group in args.leave_out:
            held = group.split(",")
            if set(held) - names:
                parser.error(f"no set named {', '.join(sorted(set(held) - names))}")
            training = [i for i in items if i["set"] not in held]
            fitted = {name: train_models.fit(training, spec) for name, spec in specs.items()}
            bars = thresholds(args.thresholds, specs)  # read now: a trainer may have written
            after_models = {**before_models, **{name: replace(found, threshold=bars[name])
                                                for name, found in fitted.items()}}
            log(f"  trained without {group}: {', '.join(specs)} (thresholds {bars})")
            for one in held:
                chosen = [i for i in items if i["set"] == one]
                got = screened(chosen, before_models, after_models)
                table(f"left out: {one}" + (f" (with {group})" if len(held) > 1 else ""),
                      chosen, *got)
                for store, found in zip(pooled, (chosen, *got)):
                    store.extend(found)
                if args.misses:
                    changed(chosen, *got[1:])
    if len(pooled[0]) > len(chosen):
        table("pooled over the sets left out", *pooled)
    print(f"\nModels trained without each set: {', '.join(specs)}; before: {args.before}; "
          f"thresholds from {args.thresholds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
