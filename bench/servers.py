"""Servers the benchmarks start themselves: gunicorn with the gevent worker on a free loopback
port, waited for, measured through /proc, and stopped with SIGTERM like a service manager."""
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # gunicorn is installed beside this python
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def forum_env(database_url: str, **extra: str) -> dict:
    """The environment for a forum server in a benchmark: this database, a strong random key,
    gevent, every rate limit off, no Redis (one process), no other FORUM_ setting."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FORUM_") and k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=database_url, SECRET_KEY=secrets.token_hex(32),
               FORUM_ASYNC_MODE="gevent", FORUM_RATE_LIMITS="off", PYTHONUNBUFFERED="1", **extra)
    return env


def gunicorn(app: str, port: int, workers: int = 1) -> list[str]:
    """The production recipe: gunicorn, gevent worker, one process per worker."""
    return [str(BIN / "gunicorn"), "-k", "gevent", "-w", str(workers), "-b", f"127.0.0.1:{port}",
            "--graceful-timeout", "3", "--worker-connections", "5000", "--log-level", "warning",
            app]


@dataclass
class Server:
    """A running server: name, address, master process and log file."""

    name: str
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def worker_pids(self) -> list[int]:
        """The gunicorn worker processes (children of the master)."""
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            children = (task / "children").read_text().split()
            found.extend(int(pid) for pid in children)
        return found

    def cpu_seconds(self) -> float:
        """User plus system CPU time of the workers so far."""
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def rss_mb(self) -> float:
        """Resident memory of the workers, in MB."""
        return sum(rss_mb(pid) for pid in self.worker_pids())

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """VmRSS of a process in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def _wait(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited with {server.process.returncode}:\n"
                             f"{server.log_path.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(server.base_url + path, timeout=5).read()
            answered = True
        except urllib.error.HTTPError:  # an error page is an answer too
            answered = True
        except OSError:
            answered = False
        if answered and server.worker_pids():
            return
        time.sleep(0.2)
    raise SystemExit(f"{server.name} did not answer within {timeout} s:\n"
                     f"{server.log_path.read_text()[-3000:]}")


@contextmanager
def running(name: str, command: list[str], env: dict, port: int, log_dir: Path,
            ready_path: str = "/", timeout: float = 60):
    """Start a server from the project root, yield it once `ready_path` answers, stop it after."""
    log_path = log_dir / f"{name.replace(' ', '_')}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = Server(name, f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait(server, ready_path, timeout)
        yield server
    finally:
        server.stop()
