"""The `site` spider's `-a` arguments: their names, their values, the settings they change."""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings

from newscrawl.archive import check_archive_path
from newscrawl.discovery import RunOptions
from newscrawl.snapshot import open_snapshot
from newscrawl.urls import is_replica, normalise_root

ARGUMENTS = ("site_url", "snapshot", "mode", "since", "until", "reset_state", "archive")
# scrapyd adds `_job` (and `_version`) to every job it runs.
SCRAPYD_ARGUMENTS = frozenset({"_job", "_version"})


def check_names(spargs: dict[str, Any]) -> None:
    """ValueError naming the valid arguments when `spargs` holds any other."""
    if unknown := sorted(set(spargs) - set(ARGUMENTS) - SCRAPYD_ARGUMENTS):
        raise ValueError(f"unknown spider argument(s) {', '.join(unknown)}: the valid "
                         f"arguments are {', '.join(ARGUMENTS)}")


def check_arguments(spargs: dict[str, str]) -> None:
    """ValueError for unknown `-a` names and bad values (the crawl command turns it into
    exit 2), before the crawler is built."""
    check_names(spargs)
    RunOptions.parse(spargs.get("mode"), spargs.get("since"), spargs.get("until"),
                     spargs.get("reset_state"))
    if spargs.get("site_url"):
        normalise_root(spargs["site_url"])
    if spargs.get("snapshot"):
        open_snapshot(spargs["snapshot"])
    if spargs.get("archive"):
        check_archive_path(spargs["archive"])


def apply_run_settings(settings: BaseSettings, root: str, snapshot: str | None, mode: str
                       ) -> None:
    """The settings a run's arguments change: no politeness toward the snapshot or a
    loopback server (NEWSCRAWL_LOCAL_SETTINGS); no idle timeout in a backfill, which confirms
    known articles unchanged for hours without exporting one."""
    if is_replica(root, snapshot, settings.getlist("NEWSCRAWL_LOCAL_HOSTS")):
        settings.setdict(settings.getdict("NEWSCRAWL_LOCAL_SETTINGS"), "spider")
    if mode == "backfill":
        settings.set("CLOSESPIDER_TIMEOUT_NO_ITEM", 0, priority="spider")
