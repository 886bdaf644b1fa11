"""The run's web archive: one crawl of the loopback server with `-a archive=run.wacz`, then the
archive read back with warcio (independently of `newscrawl.archive`), re-extracted with
`scrapy extract`, and crawled offline with `-a snapshot=run.wacz`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.archive import WaczArchive
from newscrawl.snapshot import Reply
from tests import hostile
from tests.conftest import REPO, SNAPSHOT, read_jsonl, run_crawl
from tests.siteserver import SiteServer

BOMB = "/2026/11/20/gzip-bomb-encoded/"
MAX_SIZE = 2_000_000  # DOWNLOAD_MAXSIZE of these runs: the bomb expands past it
SETTINGS = {"NEWSCRAWL_STATE_PATH": "", "DOWNLOAD_MAXSIZE": str(MAX_SIZE)}


class RecordingServer(SiteServer):
    """Remembers the reply it gave for each path (the last one)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.served: dict[str, Reply] = {}

    def reply(self, handler: BaseHTTPRequestHandler) -> Reply | None:
        reply = super().reply(handler)
        if reply is not None:
            self.served[handler.path] = reply
        return reply


@dataclass
class Archived:
    tmp: Path
    root: str
    wacz: Path
    items: list[dict]
    stats: dict
    served: dict[str, Reply]
    gzipped: str  # an article path served with Content-Encoding: gzip


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Archived:
    tmp = tmp_path_factory.mktemp("archive")
    with RecordingServer(SNAPSHOT) as server:
        items_dir = SNAPSHOT / "2026"
        gzipped = "/" + next(p for p in sorted(items_dir.rglob("index.html"))).parent.relative_to(
            SNAPSHOT).as_posix() + "/"

        def encoded(handler: BaseHTTPRequestHandler) -> Reply:
            plain = server.rebase(server.snapshot.resolve(gzipped))
            return Reply(200, {**plain.headers, "Content-Encoding": "gzip"},
                         gzip.compress(plain.body, mtime=0))

        server.overrides[gzipped] = encoded
        server.overrides[BOMB] = Reply(200, {"Content-Type": "text/html; charset=UTF-8",
                                             "Content-Encoding": "gzip"},
                                       hostile.gzip_bomb(8 * MAX_SIZE))
        links = server.snapshot.resolve("/").body.replace(
            b"</body>", f'<a href="{server.root}{BOMB}">x</a></body>'.encode())
        server.overrides["/"] = server.rebase(Reply(200, {"Content-Type": "text/html"}, links))
        # robots.txt names a sitemap that redirects to the real index
        server.overrides["/robots.txt"] = Reply(200, {"Content-Type": "text/plain"},
                                                f"Sitemap: {server.root}/sitemap.xml\n".encode())
        server.overrides["/sitemap.xml"] = Reply(301, {"Location": "/sitemap_index.xml"})
        done = run_crawl("-a", f"site_url={server.root}", "-a", f"archive={tmp / 'run.wacz'}",
                         output=tmp / "run.jsonl",
                         settings={**SETTINGS, "NEWSCRAWL_STATS_FILE": str(tmp / "stats.json")})
    assert done.returncode == 0, done.stderr[-3000:]
    return Archived(tmp, server.root, tmp / "run.wacz", read_jsonl(tmp / "run.jsonl"),
                    json.loads((tmp / "stats.json").read_text("utf-8")), server.served, gzipped)


def warc_records(wacz: Path) -> list:
    """(type, url, status, headers, raw payload, WARC-Date) of every record, read by warcio."""
    with zipfile.ZipFile(wacz) as archive, archive.open("archive/data.warc.gz") as stream:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                 r.http_headers.get_statuscode() if r.http_headers else None,
                 r.http_headers, r.raw_stream.read(), r.rec_headers.get_header("WARC-Date"),
                 r.rec_headers.get_header("WARC-Type"))
                for r in ArchiveIterator(stream)]


def test_every_response_is_archived_as_served(archived: Archived) -> None:
    records = warc_records(archived.wacz)
    responses = [r for r in records if r[0] == "response"]
    requests = [r for r in records if r[0] == "request"]
    assert records[0][0] == "warcinfo" and len(requests) == len(responses)
    paths = set()
    for _, url, status, _, payload, _, _ in responses:
        path = url[len(archived.root):]
        served = archived.served[path]
        assert int(status) == served.status, url
        assert payload == served.body, url  # as received: still gzipped where it was
        paths.add(path)
    # robots.txt, sitemaps, feeds, listings and articles, redirects included
    assert {"/robots.txt", "/sitemap_index.xml", "/post-sitemap.xml", "/feed/", "/"} <= paths
    article_paths = {urlsplit(item["url"]).path for item in archived.items}
    assert article_paths <= paths and len(article_paths) == 37
    assert archived.served["/sitemap.xml"].status == 301 and "/sitemap.xml" in paths
    gzipped = next(r for r in responses if r[1] == archived.root + archived.gzipped)
    assert gzipped[3].get_header("Content-Encoding") == "gzip"
    assert gzip.decompress(gzipped[4]).startswith(b"<!")


def test_bombs_are_refused_counted_and_not_archived(archived: Archived) -> None:
    urls = {r[1] for r in warc_records(archived.wacz)}
    assert archived.root + BOMB not in urls
    assert archived.stats["newscrawl/archive/refused/max_size"] == 1
    assert archived.stats["newscrawl/archive/responses"] == len(
        [u for u in warc_records(archived.wacz) if u[0] == "response"])


def test_wacz_package_index_and_pages_are_consistent(archived: Archived) -> None:
    with zipfile.ZipFile(archived.wacz) as archive:
        names = set(archive.namelist())
        assert {"archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl",
                "datapackage.json", "datapackage-digest.json"} == names
        assert archive.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        package = json.loads(archive.read("datapackage.json"))
        digest = json.loads(archive.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(
            archive.read("datapackage.json")).hexdigest()
        assert package["wacz_version"] == "1.1.1"
        assert {r["path"] for r in package["resources"]} == names - {
            "datapackage.json", "datapackage-digest.json"}
        for resource in package["resources"]:
            data = archive.read(resource["path"])
            assert resource["bytes"] == len(data)
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        warc = archive.read("archive/data.warc.gz")
        index = archive.read("indexes/index.cdx").decode().splitlines()
        pages = [json.loads(line) for line in archive.read("pages/pages.jsonl").splitlines()]
    assert pages[0]["format"] == "json-pages-1.0"
    assert {p["url"] for p in pages[1:]} == {item["url"] for item in archived.items}
    assert index == sorted(index) and len(index) == archived.stats[
        "newscrawl/archive/responses"]
    for line in index:  # each entry resolves to its record: offset and length in the WARC
        _, timestamp, raw = line.split(" ", 2)
        entry = json.loads(raw)
        member = warc[int(entry["offset"]):int(entry["offset"]) + int(entry["length"])]
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == entry["url"]
        assert record.http_headers.get_statuscode() == entry["status"]
        date = record.rec_headers.get_header("WARC-Date")
        assert date.replace("-", "").replace("T", "").replace(":", "")[:14] == timestamp


def test_reextraction_of_the_archive_gives_the_crawled_items(archived: Archived) -> None:
    output = archived.tmp / "reextracted.jsonl"
    done = subprocess.run([sys.executable, "-m", "scrapy", "extract", str(archived.wacz),
                           "-o", str(output)], cwd=REPO, capture_output=True, text=True,
                          timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    crawled = {item["url"]: item for item in archived.items}
    again = {item["url"]: item for item in read_jsonl(output)}
    assert again.keys() == crawled.keys()
    archive = WaczArchive(archived.wacz)
    fetched = {page["url"]: page["ts"] for page in archive.pages()}
    archive.close()
    for url, item in crawled.items():
        assert {**again[url], "crawled_at": None} == {**item, "crawled_at": None}, url
        assert again[url]["crawled_at"] == fetched[url][:19] + "+00:00"  # the WARC-Date


def test_crawling_the_archive_offline_gives_the_crawled_items(archived: Archived) -> None:
    done = run_crawl("-a", f"snapshot={archived.wacz}", output=archived.tmp / "replay.jsonl",
                     settings=SETTINGS)
    assert done.returncode == 0, done.stderr[-3000:]
    replayed = {item["url"]: item for item in read_jsonl(archived.tmp / "replay.jsonl")}
    crawled = {item["url"]: item for item in archived.items}
    assert replayed.keys() == crawled.keys()
    for url, item in crawled.items():
        assert {**replayed[url], "crawled_at": None} == {**item, "crawled_at": None}, url


def test_archive_argument_must_name_a_wacz_file(tmp_path: Path) -> None:
    done = run_crawl("-a", "snapshot=samples/site", "-a", f"archive={tmp_path / 'run.zip'}",
                     output=tmp_path / "out.jsonl", settings=SETTINGS)
    assert done.returncode == 2 and "archive must be a .wacz file" in done.stderr
    assert not (tmp_path / "run.zip").exists()


def test_an_archive_that_cannot_be_written_fails_the_run_but_keeps_the_feed(
        tmp_path: Path) -> None:
    (tmp_path / "not-a-directory").write_text("x")
    done = run_crawl("-a", "snapshot=samples/site",
                     "-a", f"archive={tmp_path / 'not-a-directory' / 'run.wacz'}",
                     output=tmp_path / "out.jsonl", settings=SETTINGS)
    assert done.returncode == 8, done.stderr[-2000:]
    assert "web archive could not be stored" in done.stderr
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 37
