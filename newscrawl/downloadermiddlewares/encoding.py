"""Decode HTML of undeclared encoding as browsers do, not by a statistical guess.

A page that declares its encoding nowhere (no BOM, no `charset` in `Content-Type`, no
`<meta charset>`) and is not valid UTF-8 is read as `NEWSCRAWL_UNDECLARED_ENCODING`
(windows-1252, the WHATWG default for English and French). Scrapy would guess with
charset-normalizer, which reads such a French page's "à" as "ą" (cp1257).
Counted as `newscrawl/encoding/undeclared_fallback`.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom


class UndeclaredEncodingMiddleware:
    """Gives undeclared, non-UTF-8 HTML responses the configured fallback encoding."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.encoding = crawler.settings.get("NEWSCRAWL_UNDECLARED_ENCODING", "cp1252")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UndeclaredEncodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or declares_encoding(response):
            return response
        try:
            response.body.decode("utf-8")
        except UnicodeDecodeError:
            self.crawler.stats.inc_value("newscrawl/encoding/undeclared_fallback")
            return response.replace(encoding=self.encoding)
        return response


def declares_encoding(response: HtmlResponse) -> bool:
    """A BOM, a `Content-Type` charset or a `<meta>` charset."""
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    return bool(read_bom(response.body)[0] or http_content_type_encoding(content_type)
                or html_body_declared_encoding(response.body))
