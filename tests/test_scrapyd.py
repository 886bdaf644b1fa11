"""The project deployed to a real scrapyd as an egg, and scheduled through `schedule.json`.

scrapyd (from its own venv, built on first use: tests/scrapydserver.py) runs on 127.0.0.1;
the project is deployed with `scrapyd-deploy` from a copy of the repository's files (so
building the egg leaves the checkout alone); jobs crawl the snapshot on a loopback server
with spider arguments and `-d setting=` values; their items, logs, monitor reports and exit
statuses are read back.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, read_jsonl
from tests.scrapydserver import ScrapydServer, scrapyd_venv
from tests.siteserver import SiteServer

PROJECT_FILES = ("newscrawl", "pyproject.toml", "setup.py", "scrapy.cfg", "README.md")
ARTICLES = 37


@pytest.fixture(scope="session")
def scrapyd_env() -> Path:
    """The venv of scrapyd and scrapyd-client, built from the package index on first use."""
    try:
        return scrapyd_venv()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture()
def scrapyd(scrapyd_env: Path) -> Iterator[ScrapydServer]:
    try:
        server = ScrapydServer(scrapyd_env)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.close()


def copy_project(target: Path) -> Path:
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def schedule(scrapyd: ScrapydServer, *fields: tuple[str, str]) -> str:
    reply = scrapyd.post("schedule.json", [("project", "newscrawl"), ("spider", "site"),
                                           *fields])
    assert reply["status"] == "ok", reply
    return reply["jobid"]


def test_deploy_schedule_and_read_back(scrapyd: ScrapydServer, site_server: SiteServer,
                                       tmp_path: Path) -> None:
    deployed = scrapyd.deploy(copy_project(tmp_path / "project"))
    assert deployed.returncode == 0, deployed.stderr
    assert scrapyd.get("listspiders.json", project="newscrawl")["spiders"] == ["site"]
    state = tmp_path / "state" / "%(target)s.sqlite"
    good = schedule(scrapyd, ("site_url", site_server.root), ("mode", "backfill"),
                    ("setting", f"NEWSCRAWL_STATE_PATH={state}"),
                    ("setting", f"NEWSCRAWL_MIN_ITEMS={ARTICLES}"))
    short = schedule(scrapyd, ("site_url", site_server.root), ("mode", "latest"),
                     ("setting", "NEWSCRAWL_STATE_PATH="),
                     ("setting", "NEWSCRAWL_MIN_ITEMS=100"))
    typo = schedule(scrapyd, ("site_url", site_server.root), ("mdoe", "backfill"),
                    ("setting", "NEWSCRAWL_STATE_PATH="))
    scrapyd.wait_finished("newscrawl", {good, short, typo})
    items = scrapyd.dir / "items" / "newscrawl" / "site"
    logs = scrapyd.dir / "logs" / "newscrawl"
    exported = [item["url"] for item in read_jsonl(items / f"{good}.jl")]
    assert len(exported) == len(set(exported)) == ARTICLES  # every article, once
    assert list((tmp_path / "state").glob("*.sqlite"))  # the -d setting= state path was used
    good_log = (logs / "site" / f"{good}.log").read_text("utf-8")
    assert "mode=backfill" in good_log and "Run failed" not in good_log
    assert "monitors PASSED" in (items / f"{good}.jl.report.txt").read_text("utf-8")
    # a failed run is visible to the scrapyd user: job log, report file, exit status
    short_log = (logs / "site" / f"{short}.log").read_text("utf-8")
    assert "Run failed (exit 6)" in short_log
    assert "Item count" in (items / f"{short}.jl.report.txt").read_text("utf-8")
    assert "exitstatus=6" in scrapyd.log.read_text("utf-8")
    # a misspelt argument is a usage error (exit 2) naming the valid ones, not another job
    typo_log = (logs / "site" / f"{typo}.log").read_text("utf-8")
    assert ("unknown spider argument(s) mdoe: the valid arguments are site_url, snapshot, "
            "mode, since, until, reset_state, archive") in typo_log
    assert not (items / f"{typo}.jl").exists() or not read_jsonl(items / f"{typo}.jl")
    assert "exitstatus=2" in scrapyd.log.read_text("utf-8")
