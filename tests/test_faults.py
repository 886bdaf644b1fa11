"""Fault tolerance: `scrapy crawl site` against a loopback server that misbehaves (issue §1).

Three crawls of the snapshot, run once per module: a clean baseline; "recover", where every
fault is transient or harmless and every article must arrive exactly as in the baseline; and
"lossy", where each fault loses one article for good and every other article must still arrive.
Each test checks one fault: what arrived, what was counted (stats per reason), the exit status.
Fault targets are picked from the baseline (English articles nobody else depends on for links).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.utils.response import response_status_message

from newscrawl.pipelines.validate import schema_validator
from tests import faultserver as fs
from tests.conftest import SNAPSHOT, read_jsonl, run_crawl
from tests.siteserver import Handler, SiteServer

# fast failure: one retry, 2 s timeouts (a hung request costs 2 s per attempt)
SETTINGS = {"RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "2"}
HANG = 2.5
REAL_ROOT = "https://newsmoris.com"  # items' own root, so crawls on different ports compare
VOLATILE = ("crawled_at", "id")  # `id` hashes the URL, whose port changes per crawl
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
TEN_MB = 10 * 1024 * 1024
FaultFactory = Callable[[SiteServer], Handler]


@dataclass
class Crawl:
    returncode: int
    stderr: str
    items: dict[str, dict]  # by URL path
    paths: list[str]  # in output order, duplicates kept
    stats: dict
    requests: list[str]


def crawl(out: Path, faults: dict[str, FaultFactory]) -> Crawl:
    """One crawl of the snapshot on a loopback server with `faults` at their paths."""
    out.mkdir(parents=True, exist_ok=True)
    with SiteServer(SNAPSHOT) as server:
        for path, make in faults.items():
            server.overrides[path] = make(server)
        result = run_crawl("-a", f"site_url={server.root}", output=out / "items.jsonl",
                           settings={**SETTINGS, "NEWSCRAWL_STATS_FILE": str(out / "stats.json"),
                                     "NEWSCRAWL_STATE_PATH": str(out / "state.sqlite")})
        requests = list(server.requests)
    items = read_jsonl(out / "items.jsonl")
    paths = [urlsplit(item["url"]).path for item in items]
    stats = json.loads((out / "stats.json").read_text("utf-8"))
    items = [json.loads(json.dumps(item).replace(server.root, REAL_ROOT)) for item in items]
    return Crawl(result.returncode, result.stderr,
                 dict(zip(paths, items, strict=True)), paths, stats, requests)


# -- fault targets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    recover: dict[str, str]  # fault → article path
    lossy: dict[str, str]


RECOVER = ("500", "502", "503", "503_retry_after", "429", "429_retry_after", "timeout", "reset",
           "truncated", "redirect_chain", "10mb", "malformed", "broken_json_ld")
ENCODINGS = ("cp1252_declared", "cp1252_undeclared", "latin1_declared", "latin1_undeclared")
LOSSY = ("503_persistent", "429_persistent", "timeout_persistent", "reset_persistent",
         "truncated_persistent", "redirect_loop", "404", "410", "pdf", "image", "empty_html")
# Not lost any more: a page of an unknown layout is read by the fallback (extraction/fallback.py).
FALLBACK = ("no_container",)


def make_plan(items: dict[str, dict]) -> Plan:
    """Encodings on the pages richest in characters to get wrong, JSON-LD on a page that has
    it, every other fault on an English article without translations (no other article needs
    it to be discovered). One fault per article."""
    translated = {urlsplit(u).path for i in items.values() for u in i["translations"].values()}
    plain = sorted(p for p, i in items.items()
                   if i["language"] == "en" and not i["translations"] and p not in translated)
    by_accents = sorted(items, key=lambda p: -sum(ord(c) > 127 for c in items[p]["body"]))
    by_latin = sorted(items, key=lambda p: -sum(127 < ord(c) < 256 for c in items[p]["body"]))
    with_json_ld = [p for p in plain if b"application/ld+json" in snapshot_page(p)]
    recover: dict[str, str] = {}

    def take(fault: str, candidates: list[str]) -> None:
        recover[fault] = next(p for p in candidates if p not in recover.values())

    for fault in ENCODINGS:
        take(fault, by_latin if fault.startswith("latin1") else by_accents)
    take("broken_json_ld", with_json_ld)
    for fault in RECOVER:
        if fault not in recover:
            take(fault, plain)
    assert len(plain) >= len(LOSSY) + len(FALLBACK), "snapshot too small for the plan"
    return Plan(recover, dict(zip((*LOSSY, *FALLBACK), plain, strict=False)))


def snapshot_page(path: str) -> bytes:
    return (SNAPSHOT / path.strip("/") / "index.html").read_bytes()


# -- page mutations -----------------------------------------------------------------------------

def pad_to_10mb(body: bytes) -> bytes:
    """~10 MB of sidebar modules before `</body>` (outside the article container)."""
    module = b'<div class="td_module_flex td_module_wrap"><p>Filler module text.</p></div>\n'
    return body.replace(b"</body>", module * (TEN_MB // len(module)) + b"</body>", 1)


def malform(body: bytes) -> bytes:
    """Unclosed paragraphs and list items, stray end tags, an unquoted attribute, a bare `&`."""
    body = re.sub(rb"</(?:p|li)>", b"", body)
    body = body.replace(b"<body", b"</span></div></td><body", 1)
    return body.replace(b'lang="en-US"', b"lang=en-US", 1).replace(b"<title>", b"<title>& ", 1)


def break_json_ld(body: bytes) -> bytes:
    """The first JSON-LD block cut in half, as a truncated template write would leave it."""
    start = body.index(b'<script type="application/ld+json"')
    open_end = body.index(b">", start) + 1
    close = body.index(b"</script>", open_end)
    return body[:open_end] + body[open_end:(open_end + close) // 2] + body[close:]


def drop_container(body: bytes) -> bytes:
    """A layout change: none of the classes or attributes any template's body selector uses."""
    for name in (b"tdb_single_content", b"td-post-content", b"entry-content", b"articleBody"):
        body = body.replace(name, b"x-renamed-" + name)
    return body


# -- the three crawls -----------------------------------------------------------------------------

def recover_faults(plan: Plan) -> dict[str, FaultFactory]:
    p = plan.recover
    once = 1
    moved = p["redirect_chain"].rstrip("/")
    faults: dict[str, FaultFactory] = {
        p[code]: lambda s, c=code: fs.flaky(s, fs.http_error(int(c)), once)
        for code in ("500", "502", "503", "429")
    }
    faults |= {
        p["503_retry_after"]: lambda s: fs.flaky(s, fs.http_error(503, {"Retry-After": "1"}), once),
        p["429_retry_after"]: lambda s: fs.flaky(s, fs.http_error(429, {"Retry-After": "1"}), once),
        p["timeout"]: lambda s: fs.flaky(s, fs.hang(HANG), once),
        p["reset"]: lambda s: fs.flaky(s, fs.cut_body(s, reset=True), once),
        p["truncated"]: lambda s: fs.flaky(s, fs.cut_body(s, reset=False), once),
        p["redirect_chain"]: lambda s: fs.redirect(f"{moved}-old/"),
        f"{moved}-old/": lambda s: fs.redirect(f"{s.root}{moved}-older/", status=302),
        f"{moved}-older/": lambda s: fs.served(s, p["redirect_chain"]),
        p["10mb"]: lambda s: fs.transformed(s, pad_to_10mb),
        p["malformed"]: lambda s: fs.transformed(s, malform),
        p["broken_json_ld"]: lambda s: fs.transformed(s, break_json_ld),
    }
    for fault, encoding, header in (("cp1252", "windows-1252", "windows-1252"),
                                    ("latin1", "latin-1", "iso-8859-1")):
        faults[p[f"{fault}_declared"]] = lambda s, e=encoding, h=header: fs.transformed(
            s, fs.reencode(e, declared=True), f"text/html; charset={h}")
        faults[p[f"{fault}_undeclared"]] = lambda s, e=encoding: fs.transformed(
            s, fs.reencode(e, declared=False), "text/html")
    return faults


def lossy_faults(plan: Plan) -> dict[str, FaultFactory]:
    p = plan.lossy
    return {
        p["503_persistent"]: lambda s: fs.http_error(503, {"Retry-After": "120"}),
        p["429_persistent"]: lambda s: fs.http_error(429),
        p["timeout_persistent"]: lambda s: fs.hang(HANG),
        p["reset_persistent"]: lambda s: fs.cut_body(s, reset=True),
        p["truncated_persistent"]: lambda s: fs.cut_body(s, reset=False),
        p["redirect_loop"]: fs.redirect_loop,
        p["404"]: lambda s: fs.http_error(404),
        p["410"]: lambda s: fs.http_error(410),
        p["pdf"]: lambda s: fs.static(PDF, "application/pdf"),
        p["image"]: lambda s: fs.static(JPEG, "image/jpeg"),
        p["empty_html"]: lambda s: fs.static(b"", "text/html; charset=UTF-8"),
        p["no_container"]: lambda s: fs.transformed(s, drop_container),
    }


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    run = crawl(tmp_path_factory.mktemp("baseline"), {})
    assert run.returncode == 0, run.stderr[-3000:]
    return run


@pytest.fixture(scope="module")
def plan(baseline: Crawl) -> Plan:
    return make_plan(baseline.items)


@pytest.fixture(scope="module")
def recover(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Crawl:
    return crawl(tmp_path_factory.mktemp("recover"), recover_faults(plan))


@pytest.fixture(scope="module")
def lossy(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Crawl:
    return crawl(tmp_path_factory.mktemp("lossy"), lossy_faults(plan))


# -- shared assertions --------------------------------------------------------------------------

def assert_survived(run: Crawl, expected: set[str]) -> None:
    """The crawl finished, exited 0, exported `expected` once each, valid, no pipeline error."""
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stats["finish_reason"] == "finished"
    assert len(run.paths) == len(set(run.paths)), "an article was exported twice"
    assert set(run.paths) == expected
    validator = schema_validator()
    assert not [e for item in run.items.values() for e in validator.iter_errors(item)]
    assert "Error processing" not in run.stderr  # an exception escaped an item pipeline
    assert not [k for k in run.stats if k.startswith("spider_exceptions/")]


def same(run: Crawl, baseline: Crawl, path: str) -> bool:
    """The article arrived exactly as in the baseline (crawl time aside)."""
    return path in run.items and stable(run.items[path]) == stable(baseline.items[path])


def stable(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in VOLATILE}


def retried(run: Crawl, reason: str) -> int:
    return run.stats.get(f"retry/reason_count/{reason}", 0)


# -- recover: transient faults are retried, harmless ones read, everything arrives --------------

def test_recover_crawl_exports_every_article_once(recover: Crawl, baseline: Crawl) -> None:
    assert_survived(recover, set(baseline.items))
    assert recover.stats.get("log_count/ERROR", 0) == 0
    assert recover.stats.get("newscrawl/articles/failed", 0) == 0
    assert recover.stats["newscrawl/monitors/failed"] == 0


@pytest.mark.parametrize("fault", ["500", "502", "503", "503_retry_after", "429",
                                   "429_retry_after"])
def test_error_status_once_is_retried_and_recovered(recover: Crawl, baseline: Crawl, plan: Plan,
                                                    fault: str) -> None:
    # Retry-After is not honoured: Scrapy retries at once (see the report)
    path = plan.recover[fault]
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, path)
    assert recover.requests.count(path) == 2
    code = int(fault[:3])
    runs = sum(f.startswith(str(code)) for f in RECOVER)  # faults answering this status once
    assert retried(recover, response_status_message(code)) == runs
    assert recover.stats[f"downloader/response_status_count/{code}"] == runs


def test_timeout_once_is_retried_and_recovered(recover: Crawl, baseline: Crawl,
                                               plan: Plan) -> None:
    path = plan.recover["timeout"]
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, path)
    assert recover.requests.count(path) == 2
    assert retried(recover, "scrapy.exceptions.DownloadTimeoutError") == 1


@pytest.mark.parametrize("fault", ["reset", "truncated"])
def test_cut_body_once_is_retried_and_recovered(recover: Crawl, baseline: Crawl, plan: Plan,
                                                fault: str) -> None:
    path = plan.recover[fault]
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, path)
    assert recover.requests.count(path) == 2
    assert retried(recover, "scrapy.exceptions.ResponseDataLossError") == 2  # reset + truncated


def test_redirect_chain_arrives_once_under_its_canonical_url(recover: Crawl, baseline: Crawl,
                                                             plan: Plan) -> None:
    path = plan.recover["redirect_chain"]
    moved = path.rstrip("/")
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, path)
    hops = [p for p in recover.requests if p.startswith(moved)]
    assert hops == [path, f"{moved}-old/", f"{moved}-older/"]  # the target is not re-fetched
    assert recover.stats["downloader/response_status_count/302"] == 1
    assert "newscrawl/dropped/duplicate" not in recover.stats


@pytest.mark.parametrize("fault", ENCODINGS)
def test_legacy_encoding_is_decoded(recover: Crawl, baseline: Crawl, plan: Plan,
                                    fault: str) -> None:
    path = plan.recover[fault]
    assert any(ord(c) > 127 for c in baseline.items[path]["body"])  # something to get wrong
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, path)
    assert recover.stats["newscrawl/encoding/undeclared_fallback"] == 2  # the undeclared two


def test_10mb_page_is_read(recover: Crawl, baseline: Crawl, plan: Plan) -> None:
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, plan.recover["10mb"])
    assert recover.stats["downloader/response_bytes"] > TEN_MB


def test_malformed_html_is_read(recover: Crawl, baseline: Crawl, plan: Plan) -> None:
    assert_survived(recover, set(baseline.items))
    assert same(recover, baseline, plan.recover["malformed"])


def test_broken_json_ld_falls_back_and_is_counted(recover: Crawl, baseline: Crawl,
                                                  plan: Plan) -> None:
    path = plan.recover["broken_json_ld"]
    assert_survived(recover, set(baseline.items))
    item, before = recover.items[path], baseline.items[path]
    fields = ("url", "title", "body", "authors", "published", "published_raw")
    assert {k: item[k] for k in fields} == {k: before[k] for k in fields}
    assert before["extraction"]["published"] == "json-ld"
    assert item["extraction"]["published"] != "json-ld"
    assert recover.stats["newscrawl/extraction/json_ld_invalid"] == 1
    assert baseline.stats.get("newscrawl/extraction/json_ld_invalid", 0) == 0


# -- lossy: each fault loses its article, counted; every other article arrives -------------------

def kept(plan: Plan, baseline: Crawl) -> set[str]:
    return set(baseline.items) - {plan.lossy[fault] for fault in LOSSY}


def failed(run: Crawl, reason: str) -> int:
    return run.stats.get(f"newscrawl/articles/failed/{reason}", 0)


def test_lossy_crawl_exports_every_other_article_once(lossy: Crawl, baseline: Crawl,
                                                      plan: Plan) -> None:
    assert_survived(lossy, kept(plan, baseline))
    fallback = {plan.lossy[fault] for fault in FALLBACK}
    assert all(same(lossy, baseline, path) for path in set(lossy.items) - fallback)
    assert lossy.stats["newscrawl/articles/failed"] == len(LOSSY)  # each loss counted once
    assert lossy.stats["newscrawl/monitors/failed"] == 0  # a few lost pages: still a good run


@pytest.mark.parametrize("code", [503, 429])
def test_persistent_error_status_is_dropped_after_retries(lossy: Crawl, baseline: Crawl,
                                                          plan: Plan, code: int) -> None:
    path = plan.lossy[f"{code}_persistent"]
    assert_survived(lossy, kept(plan, baseline))
    assert lossy.requests.count(path) == 2  # RETRY_TIMES=1
    assert retried(lossy, response_status_message(code)) == 1
    assert failed(lossy, str(code)) == 1


def test_persistent_timeout_is_dropped_after_retries(lossy: Crawl, baseline: Crawl,
                                                     plan: Plan) -> None:
    assert_survived(lossy, kept(plan, baseline))
    assert lossy.requests.count(plan.lossy["timeout_persistent"]) == 2
    assert retried(lossy, "scrapy.exceptions.DownloadTimeoutError") == 1
    assert failed(lossy, "DownloadTimeoutError") == 1


def test_persistent_cut_body_is_dropped_never_exported_half(lossy: Crawl, baseline: Crawl,
                                                            plan: Plan) -> None:
    assert_survived(lossy, kept(plan, baseline))
    for fault in ("reset_persistent", "truncated_persistent"):
        assert lossy.requests.count(plan.lossy[fault]) == 2
    assert retried(lossy, "scrapy.exceptions.ResponseDataLossError") == 2
    assert failed(lossy, "ResponseDataLossError") == 2


def test_redirect_loop_is_abandoned(lossy: Crawl, baseline: Crawl, plan: Plan) -> None:
    path = plan.lossy["redirect_loop"]
    assert_survived(lossy, kept(plan, baseline))
    assert len([p for p in lossy.requests if p.startswith(path)]) == 21  # REDIRECT_MAX_TIMES+1
    assert lossy.stats["downloader/response_status_count/302"] == 21
    assert failed(lossy, "too_many_redirects") == 1


@pytest.mark.parametrize("code", [404, 410])
def test_gone_article_is_dropped_not_retried(lossy: Crawl, baseline: Crawl, plan: Plan,
                                             code: int) -> None:
    path = plan.lossy[str(code)]
    assert_survived(lossy, kept(plan, baseline))
    assert lossy.requests.count(path) == 1
    assert failed(lossy, str(code)) == 1
    assert failed(baseline, str(code)) == 0


def test_pdf_and_image_instead_of_article_are_skipped(lossy: Crawl, baseline: Crawl,
                                                      plan: Plan) -> None:
    assert_survived(lossy, kept(plan, baseline))
    assert lossy.stats["newscrawl/skipped/not_html/article"] == 2
    assert "newscrawl/skipped/not_html/article" not in baseline.stats


def test_empty_html_is_skipped(lossy: Crawl, baseline: Crawl, plan: Plan) -> None:
    assert_survived(lossy, kept(plan, baseline))
    assert lossy.stats["newscrawl/skipped/not_article"] == 1
    assert lossy.stats["newscrawl/classify/short_text"] == 1
    assert "newscrawl/skipped/not_article" not in baseline.stats


def test_missing_container_is_read_by_the_fallback(lossy: Crawl, baseline: Crawl,
                                                   plan: Plan) -> None:
    path = plan.lossy["no_container"]
    item, before = stable(lossy.items[path]), stable(baseline.items[path])
    assert item["extraction"] == {**before["extraction"], "template": "fallback",
                                  "fallback": "trafilatura"}
    assert {k: v for k, v in item.items() if k not in {"extraction", "tags", "categories"}} == {
        k: v for k, v in before.items() if k not in {"extraction", "tags", "categories"}}
    assert lossy.stats["newscrawl/extraction/fallback/trafilatura"] == 1
    assert lossy.stats["newscrawl/extraction/fallback_template"] == 1
