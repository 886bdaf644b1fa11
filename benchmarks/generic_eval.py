"""The generic path on public evaluation sets, side by side with trafilatura + htmldate.

    python benchmarks/generic_eval.py --trafilatura DIR --wceb DIR [--limit N] [--dump FILE]

`--trafilatura` is a checkout of adbar/trafilatura's `tests/` folder (`evaldata.json`, `eval/`,
`cache/`): 990 pages annotated with snippets that must (`with`) and must not (`without`) be in
the main text, and most with a publication day. `--wceb` is the `dev/` split of
Murrough-Foley/web-content-extraction-benchmark (`ground-truth/*.json`, `html/*.html.gz`): its
article pages, scored by its word-level F1 against the full main text. Every page of both sets
is a real article, so every refusal counts against the extractor that refuses.

In one run, on the same decoded HTML, it scores:
- `newscrawl.extract(html, url)`, the product's public API (item `body`, `published`);
- trafilatura 2.3.1 `extract()` with its own fallbacks (`fast=False`, comments excluded, tables
  included: the settings of trafilatura's own benchmark) and in fast mode;
- htmldate `find_date()` as shipped (extensive search) and asking for the original date.

and prints body F1 (snippet F1 over the set as trafilatura's benchmark counts it; mean word F1
as the WCEB defines it), day accuracy over the pages with a gold day (the project's day in the
zone the page declared or the offset it wrote, as htmldate reads it: `page_local_day`; and as
exported, in the zone the item is printed in: the site's +04:00 unless the page declares one),
refusals with their reasons and the median CPU time per page. Nothing of the sets is in the
repository.

Body F1 scores the body alone: the item's `body` never holds the headline (it is `title`), and
trafilatura's text is what its `extract()` returns. trafilatura's set annotates some headlines
as snippets of the main text, so on that set a second, labelled figure (`title+body`) scores
each extractor's headline and text together, symmetrically: the item's `title` + `body`, and
trafilatura's own title (`extract_metadata`, outside the timed call) + its text; a headline
the text already holds is not added twice. The WCEB's reference leaves the headline out, so it
gets no such figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from w3lib.encoding import html_to_unicode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Relative dates ("3 hours ago") count from the fetch time; the sets were captured before this.
FETCHED = "2026-11-27T06:00:00+00:00"
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    """One evaluation page: its set, id, URL, decoded HTML and annotations."""

    corpus: str
    id: str
    url: str
    html: str
    day: str | None  # gold publication day (YYYY-MM-DD) where the set gives one
    reference: str | None = None  # the full main text (WCEB)
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    """What one extractor gave for one page."""

    text: str | None  # None: refused
    day: str | None
    cpu: float
    reason: str | None = None
    local_day: str | None = None  # the day in the offset the page wrote (newscrawl: see below)
    title: str | None = None  # the headline the extractor gives apart from its text
    detail: dict[str, Any] = field(default_factory=dict)


# -- the sets -----------------------------------------------------------------------------------

def decode(body: bytes) -> str:
    """Bytes to text as a browser would: BOM, `<meta>` charset, else UTF-8 or cp1252."""
    return html_to_unicode(None, body)[1]


def trafilatura_set(folder: Path) -> Iterator[Page]:
    """adbar/trafilatura's evaluation pages (`evaldata.json`, files in `eval/` or `cache/`)."""
    annotations = json.loads((folder / "evaldata.json").read_text("utf-8"))
    for url, item in sorted(annotations.items()):
        path = next((folder / sub / item["file"] for sub in ("cache", "eval")
                     if (folder / sub / item["file"]).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"{url}: {item['file']} not under {folder}/eval or /cache")
        html = decode(path.read_bytes())
        if not url.startswith(("http://", "https://")):  # keys like `hard::site-name.html`
            url = declared_url(html) or f"https://trafilatura.invalid/{item['file']}"
        yield Page("trafilatura", item["file"], url, html,
                   _day(item.get("date")), None, tuple(item["with"]), tuple(item["without"]))


def wceb_set(folder: Path) -> Iterator[Page]:
    """The article pages of the WCEB dev split (`ground-truth/NNNN.json`, `html/NNNN.html.gz`)."""
    for spec in sorted((folder / "ground-truth").glob("*.json")):
        data = json.loads(spec.read_text("utf-8"))
        kind = (data.get("_internal") or {}).get("page_type", "article")
        kind = kind.get("primary", "article") if isinstance(kind, dict) else kind
        truth = data.get("ground_truth")
        if kind != "article" or not isinstance(truth, dict):
            continue
        body = gzip.decompress((folder / "html" / f"{spec.stem}.html.gz").read_bytes())
        url = data.get("url") or f"https://wceb.invalid/{spec.stem}"  # a few pages lack one
        yield Page("wceb", spec.stem, url, decode(body), _day(truth.get("publish_date")),
                   truth.get("main_content") or "", tuple(truth.get("with") or ()),
                   tuple(truth.get("without") or ()))


def declared_url(html: str) -> str | None:
    """The canonical (else og:url) http(s) URL a page declares: its address when the set
    gives none."""
    from parsel import Selector

    sel = Selector(text=html)
    href = (sel.css("link[rel='canonical']::attr(href)").get()
            or sel.css("meta[property='og:url']::attr(content)").get() or "").strip()
    return href if href.startswith(("http://", "https://")) else None


def _day(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\d", value) else None


# -- the extractors -----------------------------------------------------------------------------

def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    result = function()
    return result, time.process_time() - start


_EXTRACTOR: Any = None
PAGE_ZONE = "newscrawl/dates/zone/page"  # the dates pipeline's count of page-declared zones


def run_newscrawl(page: Page) -> Output:
    global _EXTRACTOR
    from newscrawl import ExtractionError
    from newscrawl.reextraction.api import Extractor

    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    before = _EXTRACTOR.stats.get(PAGE_ZONE, 0)

    def call() -> dict | ExtractionError:
        try:
            return _EXTRACTOR.extract(page.html, page.url, FETCHED, handed=True)
        except ExtractionError as exc:
            return exc

    item, cpu = timed(call)
    if isinstance(item, ExtractionError):
        return Output(None, None, cpu, item.reason)
    extraction = item.get("extraction") or {}
    page_zone = _EXTRACTOR.stats.get(PAGE_ZONE, 0) > before
    return Output(item["body"], (item.get("published") or "")[:10] or None, cpu,
                  local_day=page_local_day(item, page_zone), title=item.get("title"),
                  detail={k: extraction.get(k) for k in ("template", "fallback",
                                                           "classified_by", "published")
                          if k in extraction})


def page_local_day(item: dict, page_zone: bool = False) -> str | None:
    """The day of the item's `published` instant in the zone the page declared (`page_zone`:
    the dates pipeline printed it there, `dates.declared_zone`), else in the UTC offset its
    source wrote (`published_raw`) when that is an ISO date-time with one; else the exported
    day.

    The contract prints every instant in the site's +04:00: a page of another site written
    `2020-04-07T17:10:46-07:00` is exported as `2020-04-08T04:10:46+04:00`, the same instant,
    a day later on the calendar. htmldate answers the page's own day: this is the comparable
    figure; the exported day is printed beside it.
    """
    published, raw = item.get("published"), (item.get("published_raw") or "").strip()
    if not published or page_zone:
        return (published or "")[:10] or None
    try:
        written = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        written = None
    if written is None or written.tzinfo is None:
        return published[:10]
    return datetime.fromisoformat(published).astimezone(written.tzinfo).date().isoformat()


def run_trafilatura(page: Page, fast: bool = False) -> Output:
    from trafilatura import extract

    text, cpu = timed(lambda: extract(page.html, url=page.url, fast=fast, include_comments=False,
                                      include_tables=True, include_formatting=False))
    return Output(text or None, None, cpu, None if text else "no_text",
                  title=trafilatura_title(page) if page.with_ else None)


def trafilatura_title(page: Page) -> str | None:
    """trafilatura's headline of the page (its metadata search; not part of the timed call)."""
    from trafilatura import extract_metadata

    return extract_metadata(page.html, default_url=page.url).title


def run_htmldate(page: Page, original: bool) -> Output:
    from htmldate import find_date

    day, cpu = timed(lambda: find_date(page.html, url=page.url, original_date=original,
                                       extensive_search=True))
    return Output(None, day[:10] if day else None, cpu, None if day else "no_date")


RUNNERS: dict[str, Callable[[Page], Output]] = {
    "newscrawl": run_newscrawl,
    "trafilatura": run_trafilatura,
    "trafilatura-fast": lambda page: run_trafilatura(page, fast=True),
    "htmldate": lambda page: run_htmldate(page, original=False),
    "htmldate-original": lambda page: run_htmldate(page, original=True),
}
BODY = ("newscrawl", "trafilatura", "trafilatura-fast")
DAY = ("newscrawl", "htmldate", "htmldate-original")


# -- scoring ------------------------------------------------------------------------------------

def word_f1(predicted: str, reference: str) -> float:
    """The WCEB's word F1: bags of lower-cased `\\w+` tokens."""
    pred = Counter(w.lower() for w in _WORD.findall(predicted))
    ref = Counter(w.lower() for w in _WORD.findall(reference))
    if not ref:
        return 0.0 if pred else 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def with_title(output: Output) -> str | None:
    """The extractor's headline and text as one text (the `title+body` figure); a headline the
    text already holds is not added again. None when the page was refused."""
    if output.text is None:
        return None
    title = _SPACE.sub(" ", output.title or "").strip()
    if not title or title in _SPACE.sub(" ", output.text):
        return output.text
    return f"{title}\n{output.text}"


def snippet_counts(page: Page, text: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page as trafilatura's benchmark counts them (whitespace-
    normalised substrings: `with` found is a true positive, `without` found a false one)."""
    flat = _SPACE.sub(" ", text or "").strip()
    found = sum(_SPACE.sub(" ", s).strip() in flat for s in page.with_) if text else 0
    leaked = sum(_SPACE.sub(" ", s).strip() in flat for s in page.without) if text else 0
    return found, leaked, len(page.with_) - found, len(page.without) - leaked


@dataclass
class Tally:
    """One extractor's figures over one set."""

    pages: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    cpu: list[float] = field(default_factory=list)
    f1s: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    titled: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # title+body
    dated: int = 0
    day_right: int = 0
    local_day_right: int = 0

    def add(self, page: Page, output: Output, body: bool, day: bool) -> None:
        self.pages += 1
        self.cpu.append(output.cpu)
        if output.reason:
            self.refused[output.reason] += 1
        if body and page.reference is not None:
            self.f1s.append(word_f1(output.text or "", page.reference))
        if body and page.with_:
            for i, n in enumerate(snippet_counts(page, output.text)):
                self.counts[i] += n
            for i, n in enumerate(snippet_counts(page, with_title(output))):
                self.titled[i] += n
        if day and page.day:
            self.dated += 1
            self.day_right += output.day == page.day
            self.local_day_right += (output.local_day or output.day) == page.day

    @property
    def snippet_f1(self) -> float:
        return _f1(self.counts)

    @property
    def titled_f1(self) -> float:
        """Snippet F1 of title+body (see the module's docstring)."""
        return _f1(self.titled)

    def row(self, corpus: str, body: bool, day: bool) -> str:
        cells = [f"{self.pages:5d}"]
        if body:
            cells.append(f"word F1 {statistics.fmean(self.f1s):.3f}" if corpus == "wceb"
                         else f"snippet F1 {self.snippet_f1:.3f}")
            if corpus == "wceb":
                cells.append(f"snippet F1 {self.snippet_f1:.3f}")
            else:
                cells.append(f"(title+body {self.titled_f1:.3f})")
        if day and self.dated:
            cells.append(f"day {self.local_day_right / self.dated:.3f} of {self.dated}")
            if self.local_day_right != self.day_right:
                cells.append(f"(as exported: {self.day_right / self.dated:.3f})")
        cells.append(f"refused {sum(self.refused.values()) / self.pages:6.1%}")
        cells.append(f"cpu median {1000 * statistics.median(self.cpu):5.1f} ms"
                     f" (mean {1000 * statistics.fmean(self.cpu):5.1f})")
        return "  ".join(cells)


def _f1(counts: list[int]) -> float:
    tp, fp, fn, _ = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(pages: Iterator[Page], runners: list[str], dump: Any = None) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for page in pages:
        record: dict[str, Any] = {"corpus": page.corpus, "id": page.id, "url": page.url,
                                  "day": page.day}
        for name in runners:
            output = RUNNERS[name](page)
            tallies.setdefault(name, Tally()).add(page, output, name in BODY, name in DAY)
            record[name] = {"reason": output.reason, "day": output.day,
                            "local_day": output.local_day,
                            "cpu": round(output.cpu, 4), **output.detail}
            if name in BODY and page.reference is not None:
                record[name]["f1"] = round(word_f1(output.text or "", page.reference), 3)
            if name in BODY and page.with_:
                record[name]["snippets"] = snippet_counts(page, output.text)
                record[name]["titled_snippets"] = snippet_counts(page, with_title(output))
        if dump:
            dump.write(json.dumps(record) + "\n")
    return tallies


def report(corpus: str, tallies: dict[str, Tally]) -> None:
    for name, tally in tallies.items():
        print(f"  {name:18s} {tally.row(corpus, name in BODY, name in DAY)}")
        if name == "newscrawl" and tally.refused:
            print("  " + " " * 19 + "refusals: " + ", ".join(
                f"{reason} {n}" for reason, n in tally.refused.most_common()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trafilatura", type=Path, metavar="DIR",
                        help="adbar/trafilatura's tests/ folder (evaldata.json, eval/, cache/)")
    parser.add_argument("--wceb", type=Path, metavar="DIR",
                        help="the WCEB's dev/ folder (ground-truth/, html/)")
    parser.add_argument("--only", nargs="+", choices=sorted(RUNNERS), default=list(RUNNERS),
                        help="extractors to run (default: all)")
    parser.add_argument("--limit", type=int, help="first N pages of each set (a quick look)")
    parser.add_argument("--dump", type=Path, help="per-page outcomes as JSON lines")
    args = parser.parse_args(argv)
    if not (args.trafilatura or args.wceb):
        parser.error("give --trafilatura DIR and/or --wceb DIR")
    if args.wceb and args.wceb.name == "test":
        parser.error("the WCEB's test split is held out: score the dev split")
    logging.disable(logging.WARNING)  # trafilatura and the pipelines log every odd page
    sets = [(name, reader(folder)) for name, reader, folder in
            (("trafilatura", trafilatura_set, args.trafilatura), ("wceb", wceb_set, args.wceb))
            if folder]
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    try:
        for name, pages in sets:
            if args.limit:
                pages = (page for _, page in zip(range(args.limit), pages, strict=False))
            tallies = evaluate(pages, args.only, dump)
            print(f"{name}:")
            report(name, tallies)
    finally:
        if dump:
            dump.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
