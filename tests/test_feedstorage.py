"""Atomic feed output (issue §2): consumers never see a partial file.

Unit tests drive `AtomicFileFeedStorage` directly; the end-to-end tests run `scrapy crawl`,
including one killed with SIGKILL in the middle of writing its feed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.feedstorage import TEMP_NAME, AtomicFileFeedStorage, sweep_stale_temps
from tests import faultserver as fs
from tests.conftest import REPO, SNAPSHOT
from tests.siteserver import SiteServer


class Stats(dict):
    """The slice of a stats collector the storage uses."""

    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] = self.get(key, 0) + count


def storage(path: Path, *, overwrite: bool = True, stats: Stats | None = None,
            keep: bool = False) -> AtomicFileFeedStorage:
    return AtomicFileFeedStorage(str(path), feed_options={"overwrite": overwrite}, stats=stats,
                                 keep_stale=keep)


def temps(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if TEMP_NAME.match(p.name))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def stale_temp(directory: Path, pid: int, final: str = "old.jsonl") -> Path:
    path = directory / f"{final}.{pid}-0123abcd.tmp"
    path.write_bytes(b'{"partial": tru')
    return path


# -- unit: publish by rename ---------------------------------------------------------------------

def test_items_go_to_a_temp_file_beside_the_final_one_until_stored(tmp_path: Path) -> None:
    final = tmp_path / "out.jsonl"
    feed = storage(final)
    file = feed.open(spider=None)
    file.write(b'{"a": 1}\n')
    file.flush()
    [temp] = temps(tmp_path)
    assert TEMP_NAME.match(temp.name)["final"] == "out.jsonl"
    assert TEMP_NAME.match(temp.name)["pid"] == str(os.getpid())
    assert not final.exists()
    feed.store(file)
    assert final.read_bytes() == b'{"a": 1}\n'
    assert temps(tmp_path) == []


def test_overwrite_keeps_the_previous_file_readable_until_the_new_one_is_complete(
        tmp_path: Path) -> None:
    final = tmp_path / "out.jsonl"
    final.write_bytes(b'{"old": 1}\n')
    feed = storage(final, overwrite=True)
    file = feed.open(spider=None)
    file.write(b'{"new": 1}\n')
    assert final.read_bytes() == b'{"old": 1}\n'
    feed.store(file)
    assert final.read_bytes() == b'{"new": 1}\n'


def test_append_copies_the_previous_file_then_publishes_both(tmp_path: Path) -> None:
    final = tmp_path / "out.jsonl"
    final.write_bytes(b'{"old": 1}\n')
    feed = storage(final, overwrite=False)
    file = feed.open(spider=None)
    file.write(b'{"new": 1}\n')
    assert final.read_bytes() == b'{"old": 1}\n'
    feed.store(file)
    assert final.read_bytes() == b'{"old": 1}\n{"new": 1}\n'


def test_missing_directory_is_created(tmp_path: Path) -> None:
    final = tmp_path / "a" / "b" / "out.jsonl"
    feed = storage(final)
    feed.store(feed.open(spider=None))
    assert final.read_bytes() == b""


# -- unit: temp files of interrupted runs ----------------------------------------------------------

def test_temp_of_a_dead_process_is_removed_logged_and_counted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    stale = stale_temp(tmp_path, dead_pid())
    stats = Stats()
    feed = storage(tmp_path / "out.jsonl", stats=stats)
    feed.store(feed.open(spider=None))
    assert not stale.exists()
    assert stats == {"newscrawl/feed/stale_temp_removed": 1}
    assert str(stale) in caplog.text


def test_temp_of_a_dead_process_is_kept_and_reported_when_configured(tmp_path: Path) -> None:
    stale = stale_temp(tmp_path, dead_pid())
    stats = Stats()
    assert sweep_stale_temps(tmp_path, stats, keep=True) == 1
    assert stale.exists()
    assert stats == {"newscrawl/feed/stale_temp_kept": 1}


def test_temp_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    running = stale_temp(tmp_path, os.getppid())
    stats = Stats()
    assert sweep_stale_temps(tmp_path, stats, keep=False) == 0
    assert running.exists()
    assert stats == {}


def test_temp_with_our_pid_that_we_did_not_write_is_stale(tmp_path: Path) -> None:
    # containers reuse pids: a killed run may have had the pid this run has now
    stale = stale_temp(tmp_path, os.getpid())
    assert sweep_stale_temps(tmp_path, Stats(), keep=False) == 1
    assert not stale.exists()


def test_open_temps_of_this_process_are_not_swept(tmp_path: Path) -> None:
    first, second = storage(tmp_path / "a.jsonl"), storage(tmp_path / "b.jsonl")
    file_a = first.open(spider=None)
    file_b = second.open(spider=None)  # sweeps the directory while a.jsonl is being written
    file_a.write(b"{}\n")
    first.store(file_a)
    second.store(file_b)
    assert (tmp_path / "a.jsonl").read_bytes() == b"{}\n"


def test_unrelated_files_are_never_touched(tmp_path: Path) -> None:
    others = [tmp_path / n for n in ("x.tmp", "x.jsonl.tmp", "x.jsonl.12-zz.tmp", "x.jsonl")]
    for path in others:
        path.write_bytes(b"keep")
    assert sweep_stale_temps(tmp_path, Stats(), keep=False) == 0
    assert all(p.exists() for p in others)


# -- end to end ------------------------------------------------------------------------------------

def crawl_command(*args: str, settings: dict[str, str]) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "site", *args]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def scrapy_crawl(*args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(crawl_command(*args, settings=settings), cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def jsonl(path: Path) -> list[dict]:
    """Every line of a final file, each a complete JSON object."""
    data = path.read_text("utf-8")
    assert data.endswith("\n")
    return [json.loads(line) for line in data.splitlines()]


def test_o_appends_and_capital_o_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    offline = ("-a", f"snapshot={SNAPSHOT}")
    stateless = {"NEWSCRAWL_STATE_PATH": ""}
    first = scrapy_crawl(*offline, "-o", str(out), **stateless)
    assert first.returncode == 0, first.stderr[-3000:]
    count = len(jsonl(out))
    assert count > 0
    appended = scrapy_crawl(*offline, "-o", str(out), **stateless)
    assert appended.returncode == 0, appended.stderr[-3000:]
    assert len(jsonl(out)) == 2 * count
    overwritten = scrapy_crawl(*offline, "-O", str(out), **stateless)
    assert overwritten.returncode == 0, overwritten.stderr[-3000:]
    assert len(jsonl(out)) == count
    assert temps(tmp_path) == []
    # the command line's feed (and its tombstone sibling) replace the project's FEEDS (Scrapy
    # would write both)
    stored = sorted(line.split("Stored ", 1)[1] for line in overwritten.stderr.splitlines()
                    if "Stored " in line)
    assert stored == [f"jsonl feed (0 items) in: {tmp_path / 'out.deleted.jsonl'}",
                      f"jsonl feed ({count} items) in: {out}"]


def wait_for_bytes(directory: Path, process: subprocess.Popen[str], limit: float = 60) -> Path:
    """The feed's temp file once it holds data (the crawl is mid-write); fails on a timeout."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before it could be killed"
        found = [p for p in temps(directory) if p.stat().st_size > 0]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError("the crawl wrote no feed data in time")


def test_sigkill_leaves_no_final_file_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    stats_file = tmp_path / "stats.json"
    settings = {"NEWSCRAWL_STATE_PATH": str(tmp_path / "state.sqlite"),
                "NEWSCRAWL_STATS_FILE": str(stats_file)}
    with SiteServer(SNAPSHOT) as server:
        for path in fs.article_paths(SNAPSHOT):
            server.overrides[path] = fs.slow(server, 0.2)
        command = crawl_command("-a", f"site_url={server.root}", "-O", str(out),
                                settings=settings)
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            temp = wait_for_bytes(tmp_path, process)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()
    assert TEMP_NAME.match(temp.name)["pid"] == str(process.pid)
    assert temps(tmp_path) == [temp]

    with SiteServer(SNAPSHOT) as server:
        command = crawl_command("-a", f"site_url={server.root}", "-O", str(out),
                                settings=settings)
        rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120,
                               check=False)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert len(jsonl(out)) == json.loads(stats_file.read_text())["item_scraped_count"] > 0
    assert temps(tmp_path) == []
    assert json.loads(stats_file.read_text())["newscrawl/feed/stale_temp_removed"] == 1
    assert f"Removed a partial feed file left by an interrupted run: {temp}" in rerun.stderr


def test_sigterm_publishes_the_complete_lines_it_has_and_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with SiteServer(SNAPSHOT) as server:
        for path in fs.article_paths(SNAPSHOT):
            server.overrides[path] = fs.slow(server, 0.2)
        command = crawl_command("-a", f"site_url={server.root}", "-O", str(out),
                                settings={"NEWSCRAWL_STATE_PATH": ""})
        with (tmp_path / "log").open("w") as log_file:  # a file: a full pipe would block it
            process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                                       stderr=log_file, text=True)
            wait_for_bytes(tmp_path, process)
            process.send_signal(signal.SIGTERM)  # a graceful stop, as schedulers send first
            process.wait(timeout=120)
    log = (tmp_path / "log").read_text()
    assert process.returncode == 3, log[-3000:]
    assert "Run failed (exit 3): finish reason 'shutdown'" in log
    assert 0 < len(jsonl(out)) < len(fs.article_paths(SNAPSHOT))
    assert temps(tmp_path) == []
