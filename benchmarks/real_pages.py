"""Real pages with annotations: `newscrawl.extract` side by side with trafilatura + htmldate.

    python benchmarks/real_pages.py CORPUS [CORPUS ...] [--all] [--only TEXT] [-v] [--rounds N]

CORPUS is a folder of other publishers' pages with annotations, read from where it lies (nothing
of it belongs in this repository). Its layout is recognised:

- trafilatura's evaluation set: `evaldata.json` beside `eval/` and `cache/` (its `tests/`
  folder, or the repository root holding it): `with`/`without` snippets, optional title, date;
- WCXB (web-content-extraction-benchmark): `ground-truth/*.json` + `html/*.html.gz`; a root
  holding `dev/` reads only `dev/` (keep the held-out test split for the end);
- fundus' parser test data: `<Publisher>.json` + `<Publisher>_<date>.html.gz` + `meta.info`;
- article-extraction-dataset: `news_articles.json` + `html/`;
- plain: `<name>.html` + `<name>.json` giving `url` and any of `title`, `date` (YYYY-MM-DD),
  `with`, `without`, `body`.

A full body (fundus, article-extraction-dataset, WCXB `main_content`, plain `body`) gives one
body snippet per paragraph, and non-body snippets are derived from the page: every block of text
inside the theme's content container (`td-post-content`, `tdb_single_content`) that is not in
the annotated body (the lines of other posts, boxes and forms the issue is about). A body snippet
that is an image caption on the page is not scored (the item contract keeps captions out of
`body`) and is counted apart. Two kinds of non-body snippets are not scored either, and are
counted apart: one that lies inside a paragraph holding a body snippet (a name that is also a
caption: no reading that keeps the body can leave it out), and, among the derived ones, a
heading whose next block is annotated body (a subheading: the item contract keeps them; some
full-body annotations drop them). Snippets match case-sensitively on whole words after folding
whitespace, quotes and dashes (a body snippet also matches with all spaces left out: some
annotations glue paragraphs together); titles compare case-insensitively after the same folding.

By default only pages of the tagDiv theme (markup with `td-post-content` or
`tdb_single_content`) are scored; `--all` scores every page. Per system: template recognised
(newscrawl's tdb/classic path), body snippets kept, non-body snippets kept out, titles exact,
days right (the printed day of `published`; trafilatura's date is htmldate's, through its
metadata), articles lost (no item / no text), CPU per page (process time, median and mean).
`-v` lists every page's misses.
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
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

LINE_BLOCKS = ("p", "li", "blockquote", "td", "th", "dd", "dt", "pre", "h1", "h2", "h3", "h4",
               "h5", "h6")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
THEME = re.compile(r"td-post-content|tdb_single_content")
CONTAINER = ("//*[contains(concat(' ', normalize-space(@class), ' '), ' td-post-content ') or "
             "contains(concat(' ', normalize-space(@class), ' '), ' tdb_single_content ')]")
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th",
          "dt", "dd", "caption", "pre", "div", "section", "aside", "figure", "ul", "ol", "dl",
          "table", "tr", "form", "header", "footer", "article", "nav", "details", "summary"}
CAPTIONS = ("//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), "
            "' wp-caption-text ')] | //*[contains(concat(' ', normalize-space(@class), ' '), "
            "' wp-element-caption ')]")
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                       "«": '"', "»": '"', "–": "-", "—": "-", "‑": "-", "­": None,
                       "​": None, "‌": None, "‍": None, "﻿": None})


def fold(text: str) -> str:
    """Text as compared: NFKC, one space for any whitespace, straight quotes, one dash."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).split())


def contains(text: str, snippet: str) -> bool:
    """`snippet` (folded) occurs in `text` (folded) on word boundaries."""
    if not snippet:
        return False
    start = 0
    while (at := text.find(snippet, start)) >= 0:
        end = at + len(snippet)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (snippet[0].isalnum() and before.isalnum()) and not (
                snippet[-1].isalnum() and after.isalnum()):
            return True
        start = at + 1
    return False


# -- corpora ----------------------------------------------------------------------------------

@dataclass
class Page:
    """One annotated page."""

    name: str
    url: str
    html: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    body: str | None = None
    fetched_at: datetime | None = None

    @property
    def theme(self) -> bool:
        return bool(THEME.search(self.html))


def read_text(path: Path) -> str:
    """A saved page's text: gunzipped, decoded by its BOM or `<meta>` charset, else UTF-8
    (w3lib's `html_to_unicode`, as a crawl decodes a body without a header)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return html_to_unicode(None, data)[1]


def parse(markup: str) -> lxml_html.HtmlElement:
    """The page's tree (an XML declaration in the text is left to the parser as bytes)."""
    return lxml_html.fromstring(markup.encode("utf-8"),
                                parser=lxml_html.HTMLParser(encoding="utf-8"))


def declared_url(html: str) -> str | None:
    for pattern in (r'<link[^>]+rel=["\']canonical["\'][^>]*href=["\']([^"\']+)',
                    r'<meta[^>]+property=["\']og:url["\'][^>]*content=["\']([^"\']+)'):
        if (found := re.search(pattern, html)) and found[1].startswith("http"):
            return found[1]
    return None


def trafilatura_pages(root: Path) -> Iterator[Page]:
    data = json.loads((root / "evaldata.json").read_text("utf-8"))
    for key, entry in data.items():
        file = next((root / d / entry["file"] for d in ("eval", "cache")
                     if (root / d / entry["file"]).is_file()), None)
        if file is None:
            continue
        html = read_text(file)
        url = key if key.startswith("http") else declared_url(html) or f"https://example.invalid/{file.stem}/"
        yield Page(f"trafilatura/{entry['file']}", url, html, entry.get("title"),
                   entry.get("date"), list(entry.get("with", [])), list(entry.get("without", [])))


def wcxb_pages(root: Path) -> Iterator[Page]:
    for truth_file in sorted((root / "ground-truth").glob("*.json")):
        html_file = root / "html" / f"{truth_file.stem}.html.gz"
        if not html_file.is_file():
            continue
        truth = json.loads(truth_file.read_text("utf-8"))
        gt = truth["ground_truth"]
        html = read_text(html_file)
        url = truth.get("url") or declared_url(html) or f"https://example.invalid/{truth_file.stem}/"
        yield Page(f"wcxb/{truth_file.stem}", url, html, gt.get("title"),
                   (gt.get("publish_date") or "")[:10] or None, list(gt.get("with") or []),
                   list(gt.get("without") or []), gt.get("main_content"))


def fundus_pages(root: Path) -> Iterator[Page]:
    for meta_file in sorted(root.rglob("meta.info")):
        meta = json.loads(meta_file.read_text("utf-8"))
        for publisher_file in sorted(meta_file.parent.glob("*.json")):
            versions = json.loads(publisher_file.read_text("utf-8"))
            for html_name, info in meta.items():
                if not html_name.startswith(publisher_file.stem + "_"):
                    continue
                if not (meta_file.parent / html_name).is_file():
                    continue
                html = read_text(meta_file.parent / html_name)
                version = _fundus_version(versions, html)
                if version is None:
                    continue
                body = version.get("body") or {}
                paragraphs = list(body.get("summary") or [])
                for section in body.get("sections") or []:
                    paragraphs += list(section.get("headline") or [])
                    paragraphs += list(section.get("paragraphs") or [])
                yield Page(f"fundus/{html_name}", info["url"], html, version.get("title"),
                           (version.get("publishing_date") or "")[:10] or None,
                           body="\n\n".join(paragraphs),
                           fetched_at=datetime.fromisoformat(info["crawl_date"]))


def _fundus_version(versions: dict, html: str) -> dict | None:
    """The parser version whose expected output is this page's (its title is in the page)."""
    if len(versions) == 1:
        return next(iter(versions.values()))
    folded = fold(parse(html).text_content())
    for version in versions.values():
        title = version.get("title")
        if title and fold(title) in folded:
            return version
    return None


def article_dataset_pages(root: Path) -> Iterator[Page]:
    for entry in json.loads((root / "news_articles.json").read_text("utf-8")):
        file = root / "html" / f"{entry['html_file']}.html"
        if file.is_file():
            yield Page(f"articles/{entry['html_file']}", entry["link"], read_text(file),
                       entry.get("title"), (entry.get("date") or "")[:10] or None,
                       body=entry.get("text"))


def plain_pages(root: Path) -> Iterator[Page]:
    for spec_file in sorted(root.glob("*.json")):
        html_file = spec_file.with_suffix(".html")
        if html_file.is_file():
            spec = json.loads(spec_file.read_text("utf-8"))
            yield Page(f"{root.name}/{spec_file.stem}", spec["url"], read_text(html_file),
                       spec.get("title"), spec.get("date"), list(spec.get("with", [])),
                       list(spec.get("without", [])), spec.get("body"))


def corpus(path: Path) -> Iterator[Page]:
    """Every annotated page of `path`, whichever layout it has."""
    for root in (path, path / "tests"):
        if (root / "evaldata.json").is_file():
            return trafilatura_pages(root)
    if (path / "dev" / "ground-truth").is_dir():
        return wcxb_pages(path / "dev")
    if (path / "ground-truth").is_dir():
        return wcxb_pages(path)
    if (path / "news_articles.json").is_file():
        return article_dataset_pages(path)
    if next(path.rglob("meta.info"), None) is not None:
        return fundus_pages(path)
    if next(path.glob("*.json"), None) is not None:
        return plain_pages(path)
    raise SystemExit(f"error: no annotated pages recognised in {path}")


# -- snippets ---------------------------------------------------------------------------------

@dataclass
class Snippets:
    """What a page is scored on: body snippets, captions set apart, non-body snippets."""

    body: list[str]
    captions: list[str]
    without: list[str]
    unscored: list[str] = field(default_factory=list)  # non-body in a block of body text


def snippets(page: Page) -> Snippets:
    tree = parse(page.html)
    for bad in tree.xpath("//script | //style | //noscript | //template"):
        bad.drop_tree()
    captions = [fold(c.text_content()) for c in tree.xpath(CAPTIONS)]
    paragraphs = [fold(p) for p in re.split(r"\n\s*\n|\n", page.body or "") if len(p.split()) >= 3]
    wanted = [fold(s) for s in page.with_] + paragraphs
    body = [s for s in wanted if not any(s in c for c in captions)]
    caption = [s for s in wanted if s not in body]
    without = [fold(s) for s in page.without]
    if page.body is not None and not page.without:
        without = derived_without(tree, fold(page.body))
    with_body = [t for t in block_texts(tree) if any(contains(t, b) for b in body)]
    inside = [s for s in without if any(contains(t, s) for t in with_body)]
    return Snippets(list(dict.fromkeys(body)), list(dict.fromkeys(caption)),
                    list(dict.fromkeys(s for s in without if s not in inside)),
                    list(dict.fromkeys(inside)))


def block_texts(tree: lxml_html.HtmlElement) -> list[str]:
    """The folded text of every paragraph-like block of the page."""
    return [fold(e.text_content()) for e in tree.iter(*LINE_BLOCKS)]


def derived_without(tree: lxml_html.HtmlElement, body: str) -> list[str]:
    """Blocks of text in the theme's content container that are not in the annotated body
    (a block's own text, without that of the blocks inside it; half its word 4-grams or more
    in the body make it body text written differently), but for subheadings of that body."""
    in_body = grams(body)

    def annotated(text: str) -> bool:
        shared = grams(text)
        return text in body or len(shared & in_body) >= len(shared) / 2

    found: list[str] = []
    for container in tree.xpath(CONTAINER):
        for element in container.iter():
            if not isinstance(element.tag, str) or element.tag not in BLOCKS:
                continue
            text = fold(own_text(element))
            if (len(text.split()) >= 4 and not annotated(text)
                    and not (element.tag in HEADINGS and annotated(next_text(element)))
                    and not any(text in f or f in text for f in found)):
                found.append(text)
    return found


def next_text(element: lxml_html.HtmlElement) -> str:
    """The text of the next sibling element that has some (folded)."""
    for sibling in element.itersiblings():
        if isinstance(sibling.tag, str) and (text := fold(sibling.text_content())):
            return text
    return ""


def grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def own_text(element: lxml_html.HtmlElement) -> str:
    """The element's text, leaving out that of the block elements inside it."""
    parts = [element.text or ""]
    for child in element:
        if not (isinstance(child.tag, str) and child.tag in BLOCKS):
            parts.append(child.text_content() if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return " ".join(parts)


# -- systems ----------------------------------------------------------------------------------

@dataclass
class Output:
    """One system's reading of one page (text None: article lost)."""

    text: str | None
    title: str | None = None
    day: str | None = None
    template: bool = False
    reason: str = ""
    cpu: float = 0.0


def newscrawl_reader() -> Callable[[Page], Output]:
    import newscrawl

    def read(page: Page) -> Output:
        try:
            item = newscrawl.extract(page.html, page.url, page.fetched_at)
        except newscrawl.ExtractionError as exc:
            return Output(None, reason=exc.reason)
        dateline = (item.get("dateline") or {}).get("raw") or ""
        text = " ".join(filter(None, (item.get("subtitle"), dateline, item["body"])))
        return Output(text, item["title"], (item.get("published") or "")[:10] or None,
                      item["extraction"]["template"] in {"tdb", "classic"})

    return read


def trafilatura_reader() -> Callable[[Page], Output]:
    import trafilatura

    def read(page: Page) -> Output:
        doc = trafilatura.bare_extraction(page.html, url=page.url, include_comments=False,
                                          with_metadata=True)
        if doc is None or not doc.text:
            return Output(None, reason="no text")
        return Output(doc.text, doc.title, (doc.date or "")[:10] or None)

    return read


def timed(read: Callable[[Page], Output], page: Page, rounds: int) -> Output:
    cpu = []
    for _ in range(rounds):
        start = time.process_time()
        out = read(page)
        cpu.append(time.process_time() - start)
    out.cpu = min(cpu)
    return out


# -- scoring ----------------------------------------------------------------------------------

@dataclass
class Tally:
    """A system's figures over the pages."""

    templates: bool = True  # False: the system has no templates to recognise
    pages: int = 0
    template: int = 0
    lost: list[str] = field(default_factory=list)
    kept: int = 0
    body: int = 0
    out: int = 0
    without: int = 0
    titles: int = 0
    titles_right: int = 0
    days: int = 0
    days_right: int = 0
    cpu: list[float] = field(default_factory=list)

    def add(self, page: Page, snips: Snippets, out: Output) -> list[str]:
        """Count one page; return its misses, readable."""
        self.pages += 1
        self.cpu.append(out.cpu)
        self.template += out.template
        misses = []
        text = fold(out.text or "")
        if out.text is None:
            self.lost.append(page.name)
            misses.append(f"LOST ({out.reason})")
        bare = "".join(text.split())
        kept = [s for s in snips.body if contains(text, s) or "".join(s.split()) in bare]
        leaked = [s for s in snips.without if contains(text, s)]
        self.body += len(snips.body)
        self.kept += len(kept)
        self.without += len(snips.without)
        self.out += len(snips.without) - len(leaked)
        misses += [f"body snippet missing: {clip(s)}" for s in snips.body if s not in kept]
        misses += [f"non-body kept: {clip(s)}" for s in leaked]
        if page.title:
            self.titles += 1
            right = fold(out.title or "").casefold() == fold(page.title).casefold()
            self.titles_right += right
            if not right:
                misses.append(f"title {out.title!r} != {page.title!r}")
        if page.date:
            self.days += 1
            self.days_right += out.day == page.date
            if out.day != page.date:
                misses.append(f"day {out.day} != {page.date}")
        return misses

    def row(self) -> list[str]:
        ms = [c * 1000 for c in self.cpu]
        return [f"{self.template}/{self.pages}" if self.templates else "-",
                ratio(self.kept, self.body), ratio(self.out, self.without),
                f"{self.titles_right}/{self.titles}", f"{self.days_right}/{self.days}",
                str(len(self.lost)),
                f"{statistics.median(ms):.1f} / {statistics.fmean(ms):.1f}" if ms else "-"]


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


ROWS = ["template recognised", "body snippets kept", "non-body snippets kept out",
        "titles exact", "days right", "articles lost", "CPU ms/page (median / mean)"]


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("corpora", nargs="+", type=Path, metavar="CORPUS")
    cli.add_argument("--all", action="store_true", help="every page, not only tagDiv ones")
    cli.add_argument("--only", metavar="TEXT", help="pages whose name contains TEXT")
    cli.add_argument("-v", "--verbose", action="store_true", help="list every page's misses")
    cli.add_argument("--rounds", type=int, default=1, help="CPU: best of N readings a page")
    cli.add_argument("--no-trafilatura", action="store_true", help="score newscrawl only")
    args = cli.parse_args(argv)
    missing = [str(p) for p in args.corpora if not p.is_dir()]
    if missing:
        cli.error(f"no such directory: {', '.join(missing)}")
    logging.disable(logging.WARNING)
    pages = [p for path in args.corpora for p in corpus(path)
             if (args.all or p.theme) and (not args.only or args.only in p.name)]
    if not pages:
        cli.error("no page to score")
    systems = {"newscrawl": newscrawl_reader()}
    if not args.no_trafilatura:
        systems["trafilatura+htmldate"] = trafilatura_reader()
    for read in systems.values():  # imports and caches before timing
        read(pages[0])
    tallies = {name: Tally(templates=name == "newscrawl") for name in systems}
    per_corpus: dict[str, Counter[str]] = {}
    for page in pages:
        snips = snippets(page)
        per_corpus.setdefault(page.name.split("/")[0], Counter())["pages"] += 1
        lines = []
        for name, read in systems.items():
            misses = tallies[name].add(page, snips, timed(read, page, args.rounds))
            lines += [f"    {name}: {m}" for m in misses]
        if args.verbose:
            print(f"{page.name}  {page.url}  ({len(snips.body)} body, {len(snips.without)} "
                  f"non-body, {len(snips.captions)} caption snippets)")
            print("\n".join(lines) or "    all right")
    corpora = ", ".join(f"{k} {v['pages']}" for k, v in per_corpus.items())
    apart = [snippets(p) for p in pages]
    captions, inside = (sum(len(s.captions) for s in apart), sum(len(s.unscored) for s in apart))
    print(f"\n{len(pages)} pages ({corpora}); not scored: {captions} body snippets that are "
          f"image captions on the page, {inside} non-body snippets inside a paragraph of body "
          "snippets")
    print(f"{'':<30}" + "".join(f"{name:>26}" for name in systems))
    for label, *cells in zip(ROWS, *(t.row() for t in tallies.values()), strict=True):
        print(f"{label:<30}" + "".join(f"{c:>26}" for c in cells))
    for name, tally in tallies.items():
        if tally.lost:
            shown = tally.lost if args.verbose else tally.lost[:10]
            more = f" … and {len(tally.lost) - len(shown)} more (-v)" if len(shown) < len(
                tally.lost) else ""
            print(f"{name} lost: {', '.join(shown)}{more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
