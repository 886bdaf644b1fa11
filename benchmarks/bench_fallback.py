"""CPU per article page of each extraction path: template, JSON-LD articleBody, trafilatura.

    python benchmarks/bench_fallback.py [ROUNDS]

Every article page of the snapshot (66 KB tagDiv pages) is read three ways, through the page
object and the item pipelines (`newscrawl.reextraction.api.Extractor`): as served (the templates);
with both templates' containers renamed and the golden body put into the JSON-LD Article as
`articleBody` (the JSON-LD path); with the containers renamed only (trafilatura). The drift set
(tests/drift/, other layouts, 4-15 KB) is timed as well. Prints median and p95 CPU ms per page.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.quality_gate import DRIFT, cases  # noqa: E402
from newscrawl.reextraction.api import Extractor  # noqa: E402
from newscrawl.snapshot import Snapshot  # noqa: E402
from tests.conftest import SNAPSHOT, article_file, load_goldens  # noqa: E402

LD = re.compile(r'(<script type="application/ld\+json"[^>]*>)(.*?)(</script>)', re.S)


def renamed(html: str) -> str:
    """The page with no template container left (a layout the templates do not know)."""
    return html.replace("tdb_single_content", "tdb_story_block").replace("td-post-content",
                                                                         "td-story")


def with_article_body(html: str, body: str) -> str | None:
    """The page's JSON-LD Article node given the full text as `articleBody` (None: no such
    node, or its JSON-LD is deliberately broken in the snapshot)."""
    added = []

    def add(match: re.Match[str]) -> str:
        try:
            data = json.loads(match[2])
        except ValueError:
            return match[0]
        for node in data.get("@graph", [data]) if isinstance(data, dict) else data:
            types = node.get("@type") if isinstance(node, dict) else None
            if {"Article", "NewsArticle"} & set(types if isinstance(types, list) else [types]):
                node["articleBody"] = body
                added.append(node)
        return match[1] + json.dumps(data, ensure_ascii=False) + match[3]

    html = LD.sub(add, html)
    return html if added else None


def timed(extractor: Extractor, pages: list[tuple[str, str]], rounds: int, fetched: str,
          path: str) -> list[float]:
    samples = []
    for _ in range(rounds):
        for url, html in pages:
            start = time.process_time()
            item = extractor.extract(html, url, fetched)
            samples.append((time.process_time() - start) * 1000)
            got = item["extraction"].get("fallback") or item["extraction"]["template"]
            assert got == path or path == "template", (url, got)
    return samples


def report(name: str, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"  {name:<44} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms")


def main() -> None:
    logging.disable(logging.WARNING)
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    fetched = Snapshot(SNAPSHOT).captured.isoformat()
    goldens = load_goldens()
    served = [(url, article_file(url).read_text("utf-8")) for url in goldens]
    extractor = Extractor()
    extractor.extract(renamed(served[0][1]), served[0][0], fetched)  # imports, warm caches
    runs: list[tuple[str, list[tuple[str, str]], str, Callable[[], str] | None]] = [
        ("templates (snapshot pages as served)", served, "template", None),
        ("json-ld articleBody (containers renamed)",
         [(u, h) for u, h in ((u, with_article_body(renamed(h), goldens[u]["body"]))
                              for u, h in served) if h], "json-ld", None),
        ("trafilatura (containers renamed)", [(u, renamed(h)) for u, h in served],
         "trafilatura", None),
    ]
    print(f"{len(served)} snapshot article pages, {rounds} rounds, CPU time per page "
          "(page object + pipelines)")
    for name, pages, path, _ in runs:
        report(f"{name}, {len(pages)}", timed(extractor, pages, rounds, fetched, path))
    drift = [(e["url"], h) for _, h, e in cases(DRIFT) if e.get("is_article", True)]
    report(f"drift set ({len(drift)} pages, either fallback path)",
           timed(extractor, drift, rounds, "2026-11-27T06:00:00+00:00", "template"))


if __name__ == "__main__":
    main()
