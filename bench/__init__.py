"""Benchmarks: not tests, not run by CI (README "Benchmark").

A script run as `python bench/x.py` has bench/ first on sys.path, where bench/http.py would hide
the standard library's `http` (and break Werkzeug, requests and aiohttp). Each script therefore
puts the project root first and imports this package, which takes bench/ itself off the path;
scripts import one another as `bench.seed`, and servers start as `bench.minimal_flask:app`.
"""
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
