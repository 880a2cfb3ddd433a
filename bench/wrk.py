"""Run wrk against one URL and read its summary: requests/s, latency percentiles, errors."""
import re
import subprocess
from dataclasses import dataclass

WRK = "/usr/bin/wrk"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    """What one wrk run measured; latencies in ms."""

    requests_per_s: float
    mean_ms: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors (timeouts included)


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse(output: str) -> Result:
    """Read wrk's --latency report."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    mean = _ms(re.search(r"^\s+Latency\s+(\S+)", output, re.M).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return Result(rps, mean, p50, p99, total, errors)


def run(url: str, seconds: int, connections: int = 16, threads: int = 2,
        headers: dict | None = None) -> Result:
    """wrk -t threads -c connections -d seconds --latency [-H ...] url."""
    # A 10 s timeout: a slow answer is measured (in p99), not dropped as wrk's 2 s default does.
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command + [url], capture_output=True, text=True,
                          timeout=seconds + 60, check=True)
    return parse(done.stdout)
