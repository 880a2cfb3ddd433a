"""The word models with train21's new writers (issue 8, model21): shipped files stay small and
quick to read, and tools/model_new_writers.py measures a model on a writer it never saw (the set
left out of its training, screened by the rules alone, by the shipped models and by the models
trained without it)."""
import gc
import importlib.util
import json
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from forum.screening import model

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 3_000_000  # each shipped file: a checkout and a server start stay light
MAX_LOAD_SECONDS = 1.5  # processor time to read one file into a model (wall time on a shared
# machine measures the other processes)


def _tool(name: str):
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", model.NAMES)
def test_each_shipped_model_file_stays_under_three_megabytes_and_loads_quickly(name):
    path = resources.files("forum").joinpath(f"data/screening/{name}_model.json")
    assert path.is_file()
    assert len(path.read_bytes()) < MAX_BYTES
    # Processor time of this thread only (not a neighbour thread's work), with the collector
    # held off: in a test process that has run hundreds of tests, a full collection the load
    # happens to trigger walks every object those tests left, which is not the load's cost.
    gc.collect()
    gc.disable()
    try:
        started = time.thread_time()
        loaded = model.load_file(name)
        spent = time.thread_time() - started
    finally:
        gc.enable()
    assert spent < MAX_LOAD_SECONDS
    assert loaded.name == name and loaded.weights


def _writer_sets(folder: Path) -> list[Path]:
    """Two writers' small sets: the crisis words of one are not the other's."""
    writers = {
        "screening_one.jsonl": [
            ("crisis", "i want to disappear forever and nobody would notice"),
            ("crisis", "tonight i end it, i have the pills lined up"),
            ("crisis", "everyone is better off without me, i am done"),
            ("ordinary", "ninety days today and the garden is blooming"),
            ("ordinary", "meeting at seven tonight, bring a friend"),
            ("ordinary", "my sponsor says keep it simple and go to bed early")],
        "screening_two.jsonl": [
            ("crisis", "nobody would notice if i disappeared tonight"),
            ("crisis", "i am done, the pills are lined up for tonight"),
            ("ordinary", "my garden is blooming at ninety days"),
            ("ordinary", "bring a friend to the meeting tonight")],
    }
    paths = []
    for name, rows in writers.items():
        path = folder / name
        path.write_text("".join(json.dumps({"id": f"{name}-{k}", "text": text, "category": c,
                                            "expect": "crisis" if c == "crisis" else "publish",
                                            "surface": "post"}) + "\n"
                                for k, (c, text) in enumerate(rows)))
        paths.append(path)
    return paths


def test_a_writer_left_out_is_screened_by_models_that_never_saw_it(tmp_path, monkeypatch,
                                                                   capsys):
    tool = _tool("model_new_writers")
    paths = _writer_sets(tmp_path)
    bars = tmp_path / "bars"
    bars.mkdir()
    (bars / "crisis_model.json").write_text(json.dumps({"threshold": 0.5}))
    seen = []
    fit = tool.train_models.fit
    monkeypatch.setattr(tool.train_models, "fit",
                        lambda items, spec: seen.append({i["set"] for i in items}) or
                        fit(items, spec))
    monkeypatch.setattr("sys.argv", [
        "model_new_writers.py", "--leave-out", "screening_two.jsonl", "--only", "crisis",
        "--thresholds", str(bars), "--before", str(tmp_path / "none"),
        *[a for p in paths for a in ("--set", str(p))]])
    assert tool.main() == 0
    assert seen == [{"screening_one.jsonl"}]  # trained without the writer it measures
    printed = capsys.readouterr().out
    assert "### left out: screening_two.jsonl" in printed
    crisis_row = next(line for line in printed.splitlines() if line.startswith("| crisis |"))
    assert crisis_row.split("|")[2].strip() == "2"  # the left-out writer's two cries, no more
    assert "screening_one" not in printed.split("### left out")[1].split("Models trained")[0]


def test_an_unknown_set_to_leave_out_is_a_clear_error(tmp_path, monkeypatch, capsys):
    tool = _tool("model_new_writers")
    paths = _writer_sets(tmp_path)
    monkeypatch.setattr("sys.argv", [
        "model_new_writers.py", "--leave-out", "screening_three.jsonl", "--only", "crisis",
        *[a for p in paths for a in ("--set", str(p))]])
    with pytest.raises(SystemExit):
        tool.main()
    assert "no set named screening_three.jsonl" in capsys.readouterr().err
