"""Writes a run's web archive: WARC 1.1 request and response records packed as WACZ 1.1.1.

The records are written by warcio as the run goes, each gzipped on its own, into a temporary
WARC beside the final file. Closing indexes that WARC with cdxj-indexer (sorted CDXJ: SURT
key, timestamp, JSON with url, status, digest, offset, length) and packs the ZIP:

    archive/data.warc.gz        the records (stored: already gzipped)
    indexes/index.cdx           the CDXJ index
    pages/pages.jsonl           the article pages (JSON Pages 1.0: url, ts)
    datapackage.json            every file above with its size and SHA-256, and the run
    datapackage-digest.json     the SHA-256 of datapackage.json

The ZIP is written to a temporary name too and renamed over the final one when complete
(`newscrawl.atomic`): a reader sees the previous archive or the complete new one.
The two manifests are a few lines of JSON written here; py-wacz would write them too but
brings frictionless and its dependencies for this.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import GzippingWrapper, WARCWriter

from newscrawl import atomic

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"
INDEX_PATH = "indexes/index.cdx"
PAGES_PATH = "pages/pages.jsonl"
# Hop-by-hop framing already undone by the download: the payload is stored de-chunked.
FRAMING_HEADERS = frozenset({"transfer-encoding"})
# zlib level of each record's gzip member. warcio uses 9; on the snapshot's article pages 6
# takes 26 % less CPU for members 0.6 % larger.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Capture:
    """One HTTP exchange as received: the request sent and the response's status, headers and
    payload (still content-encoded, as on the wire)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    protocol: str = "HTTP/1.1"


def check_archive_path(template: str) -> str:
    """`template` if it names a `.wacz` file, else ValueError (a typo is not another job)."""
    path = template.strip()
    if not path.endswith(".wacz"):
        raise ValueError(f"archive must be a .wacz file path; got {template!r}")
    try:
        path % {"name": "site", "time": "t"}
    except (KeyError, ValueError, TypeError) as error:
        raise ValueError(f"archive {template!r}: only %(name)s and %(time)s may be filled "
                         f"in ({error})") from None
    return path


class WaczWriter:
    """A WACZ being written for `final`: `add()` each exchange, then `close()` to publish it."""

    def __init__(self, final: str | Path, *, root: str, software: str, title: str = "") -> None:
        self.final = Path(final).resolve()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.software = software
        self.title = title or f"newscrawl run of {root}"
        self.created = datetime.now(UTC)
        self.records = 0
        self.pages: list[dict[str, str]] = []
        self._warc_path = atomic.temp_path(self.final, ".warc")
        self._warc: IO[bytes] = self._warc_path.open("wb")
        self._writer = _MemberWriter(self._warc, gzip=False, warc_version="1.1")
        self._writer.write_record(self._writer.create_warcinfo_record(WARC_NAME, {
            "software": software, "format": "WARC File Format 1.1",
            "isPartOf": root, "description": self.title,
        }))

    def add(self, capture: Capture, *, page: bool = False) -> None:
        """Write the request and response records of one exchange (`page`: list it in
        pages.jsonl, for an article page)."""
        when = capture.fetched_at.astimezone(UTC).replace(tzinfo=None)  # warcio: naive UTC
        date = datetime_to_iso_date(when, use_micros=True)
        parts = urlsplit(capture.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = [("Host", parts.netloc), *capture.request_headers]
        request = self._writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"{capture.method} {target} {capture.protocol}",
                                          request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Date": date})
        headers = [(k, v) for k, v in capture.response_headers
                   if k.lower() not in FRAMING_HEADERS and k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(capture.body))))
        response = self._writer.create_warc_record(
            capture.url, "response", payload=io.BytesIO(capture.body), length=len(capture.body),
            http_headers=StatusAndHeaders(f"{capture.status} {capture.reason}".strip(), headers,
                                          protocol=capture.protocol),
            warc_headers_dict={"WARC-Date": date})
        self._writer.write_request_response_pair(request, response)
        self.records += 2
        if page:
            self.pages.append({"url": capture.url, "ts": date})

    def close(self) -> Path:
        """Index, pack and publish the WACZ; returns its path."""
        self._warc.close()
        temp = atomic.temp_path(self.final)
        try:
            index = cdxj_index(self._warc_path)
            with zipfile.ZipFile(temp, "w", allowZip64=True) as wacz:
                wacz.write(self._warc_path, f"archive/{WARC_NAME}",
                           compress_type=zipfile.ZIP_STORED)
                _add(wacz, INDEX_PATH, index)
                _add(wacz, PAGES_PATH, pages_jsonl(self.pages))
                package = self.datapackage(wacz)
                _add(wacz, "datapackage.json", package)
                _add(wacz, "datapackage-digest.json", json.dumps(
                    {"path": "datapackage.json", "hash": _sha256(package)}, indent=2).encode())
            atomic.publish(temp, self.final)
        except BaseException:
            atomic.discard(temp)
            raise
        finally:
            atomic.discard(self._warc_path)
        return self.final

    def abort(self) -> None:
        """Drop the partial archive (nothing is published)."""
        self._warc.close()
        atomic.discard(self._warc_path)

    def datapackage(self, wacz: zipfile.ZipFile) -> bytes:
        """datapackage.json for the files already in `wacz`."""
        resources = []
        for info in wacz.infolist():
            digest = hashlib.sha256()
            with wacz.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    digest.update(chunk)
            resources.append({"name": Path(info.filename).name, "path": info.filename,
                              "hash": f"sha256:{digest.hexdigest()}", "bytes": info.file_size})
        package = {
            "profile": "data-package", "wacz_version": WACZ_VERSION, "title": self.title,
            "created": self.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "modified": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "software": self.software, "mainPageURL": f"{self.root}/",
            "resources": resources,
        }
        return json.dumps(package, indent=2).encode("utf-8")


class _LevelGzip(GzippingWrapper):
    """One gzip member at GZIP_LEVEL (warcio's wrapper, another level)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.out = out


class _MemberWriter(WARCWriter):
    """warcio's WARCWriter, each record written as its own gzip member at GZIP_LEVEL."""

    def _write_warc_record(self, out: IO[bytes], record: object) -> None:
        super()._write_warc_record(_LevelGzip(out), record)


def cdxj_index(warc: Path) -> bytes:
    """The sorted CDXJ index of a WARC file, its records named `WARC_NAME`. (cdxj-indexer is
    imported here, when an archive is packed: with pyamf and pkg_resources it costs 0.1 s of
    every crawl's start-up, archive or not.)"""
    from cdxj_indexer.main import CDXJIndexer

    out = io.StringIO()
    CDXJIndexer(out, [str(warc)], sort=True, filename=WARC_NAME).process_all()
    return out.getvalue().encode("utf-8")


def pages_jsonl(pages: Iterable[dict[str, str]]) -> bytes:
    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "Article pages"}]
    lines += [{"id": hashlib.sha1(f"{p['url']} {p['ts']}".encode()).hexdigest(), **p}
              for p in pages]
    return "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")


def _add(wacz: zipfile.ZipFile, path: str, data: bytes) -> None:
    wacz.writestr(path, data, compress_type=zipfile.ZIP_DEFLATED)


def _sha256(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"
