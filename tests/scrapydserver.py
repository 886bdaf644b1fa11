"""A real scrapyd on 127.0.0.1, on a free port, from a venv of its own.

scrapyd pins `setuptools<81`, so it and scrapyd-client live in a venv apart from the project's
environment: `$NEWSCRAWL_SCRAPYD_VENV`, default `.venv-scrapyd` in the repository (ignored by
git). The first test that needs it builds it from the package index with `.ci/scrapyd-venv`
(about a minute), under a file lock so that concurrent test runs build it once; later runs
reuse it while the requirements it was built for are unchanged.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tests.redisserver import free_port

REPO = Path(__file__).resolve().parent.parent
BUILDER = REPO / ".ci" / "scrapyd-venv"
READY = ".newscrawl-ready"  # in the venv: the digest of what it was built for


def _requirements_digest() -> str:
    """What the venv must hold: the builder's pins and the project's dependencies."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    digest = hashlib.sha256(BUILDER.read_bytes())
    digest.update("\n".join(project["dependencies"]).encode())
    return digest.hexdigest()


def scrapyd_venv() -> Path:
    """The venv holding scrapyd and scrapyd-client, built on first use (see the docstring)."""
    venv = Path(os.environ.get("NEWSCRAWL_SCRAPYD_VENV") or REPO / ".venv-scrapyd")
    wanted = _requirements_digest()
    marker = venv / READY
    lock_path = venv.with_name(venv.name + ".lock")
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; the others wait, then reuse it
        if marker.is_file() and marker.read_text("utf-8") == wanted:
            return venv
        marker.unlink(missing_ok=True)
        env = {**os.environ, "NEWSCRAWL_SCRAPYD_VENV": str(venv), "PYTHON": sys.executable}
        built = subprocess.run(["bash", str(BUILDER)], capture_output=True, text=True,
                               check=False, env=env, stdin=subprocess.DEVNULL)
        if built.returncode != 0 or not (venv / "bin" / "scrapyd-deploy").exists():
            raise RuntimeError(f"could not build the scrapyd venv {venv} with {BUILDER}: "
                               f"{(built.stdout + built.stderr)[-2000:]}")
        marker.write_text(wanted, "utf-8")
    return venv


class ScrapydServer:
    """scrapyd with its eggs, logs, items and databases in a temp directory."""

    def __init__(self, venv: Path | None = None) -> None:
        self.venv = venv or scrapyd_venv()
        self.dir = Path(tempfile.mkdtemp(prefix="newscrawl-scrapyd-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        (self.dir / "scrapyd.conf").write_text(
            "[scrapyd]\nbind_address = 127.0.0.1\n"
            f"http_port = {self.port}\npoll_interval = 0.2\nmax_proc = 4\n"
            f"eggs_dir = {self.dir / 'eggs'}\nlogs_dir = {self.dir / 'logs'}\n"
            f"items_dir = {self.dir / 'items'}\ndbs_dir = {self.dir / 'dbs'}\n", "utf-8")
        self.log = self.dir / "scrapyd.log"  # the daemon's own log: launches, exit statuses
        with self.log.open("w") as log:
            self.process = subprocess.Popen([str(self.venv / "bin" / "scrapyd")], cwd=self.dir,
                                            stdout=log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.log.read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"scrapyd exited at start-up: {error}")
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"scrapyd did not answer on port {self.port}")

    def get(self, endpoint: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}{endpoint}{query}", timeout=10) as reply:
            return json.load(reply)

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> Any:
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(f"{self.url}{endpoint}", data=data, timeout=10) as reply:
            return json.load(reply)

    def deploy(self, project_dir: Path) -> subprocess.CompletedProcess[str]:
        """`scrapyd-deploy env` from `project_dir` (the `[deploy:env]` target of scrapy.cfg)."""
        return subprocess.run([str(self.venv / "bin" / "scrapyd-deploy"), "env"],
                              cwd=project_dir, capture_output=True, text=True, timeout=120,
                              check=False, env={**os.environ, "SCRAPYD_URL": self.url})

    def wait_finished(self, project: str, jobs: set[str], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            finished = {job["id"] for job in self.get("listjobs.json", project=project)["finished"]}
            if jobs <= finished:
                return
            time.sleep(0.2)
        raise TimeoutError(f"scrapyd jobs not finished after {timeout} s: {jobs}")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)
