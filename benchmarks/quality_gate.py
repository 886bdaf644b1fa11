"""Quality gate of the extraction on pages with hand-written expectations (default: the drift set).

    python benchmarks/quality_gate.py [DIR ...] [--floors FILE]

DIR holds `<name>.html` + `<name>.json` pairs; the JSON gives the page's `url` and either
`{"is_article": false}` or the expected `paragraphs`, `published` (ISO with offset),
`date_precision` (`minute` or `day`) and optionally `title` and `absent` (strings that must not
be in the body). Every page goes through `newscrawl.reextraction.api.Extractor` (page object +
pipelines). Prints per page and overall word-level precision, recall and F1 (bags of
lower-cased words), date accuracy (to the day; to the minute where the page carries it) and
chrome strings found; exits 1 when a figure is below the floors of `tests/drift/floors.json`.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawl.extraction.chrome import CHROME_STRINGS  # noqa: E402
from newscrawl.reextraction.api import ExtractionError, Extractor  # noqa: E402

DRIFT = REPO / "tests" / "drift"
FLOORS = DRIFT / "floors.json"
FETCHED = "2026-11-27T06:00:00+00:00"  # the set's pages were all published before this
_WORD = re.compile(r"\w+")


@dataclass
class Score:
    """One page's outcome against its expectation."""

    name: str
    is_article: bool
    expected_article: bool
    precision: float = 0.0
    recall: float = 0.0
    overlap: int = 0
    got_words: int = 0
    want_words: int = 0
    day_right: bool = False
    minute_right: bool | None = None  # None: the page carries no clock time
    chrome: list[str] = field(default_factory=list)
    item: dict | None = None

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def cases(directory: Path) -> list[tuple[str, str, dict]]:
    """(name, html, expectation) of every page of a directory."""
    found = []
    for spec in sorted(directory.glob("*.json")):
        if spec.name == FLOORS.name or not spec.with_suffix(".html").is_file():
            continue
        found.append((spec.stem, spec.with_suffix(".html").read_text("utf-8"),
                      json.loads(spec.read_text("utf-8"))))
    return found


def score(name: str, html: str, expected: dict, extractor: Extractor) -> Score:
    """Extract one page and compare it with its expectation."""
    want_article = expected.get("is_article", True)
    try:
        item = extractor.extract(html, expected["url"], FETCHED)
    except ExtractionError:
        item = None
    result = Score(name, item is not None, want_article, item=item)
    if not want_article or item is None:
        return result
    got, want = words(item["body"]), words(" ".join(expected["paragraphs"]))
    result.overlap = sum((got & want).values())
    result.got_words, result.want_words = sum(got.values()), sum(want.values())
    result.precision = result.overlap / result.got_words if result.got_words else 0.0
    result.recall = result.overlap / result.want_words if result.want_words else 0.0
    published, wanted = (datetime.fromisoformat(v) for v in (item["published"],
                                                              expected["published"]))
    result.day_right = published.date() == wanted.date()
    if expected.get("date_precision") == "minute":
        result.minute_right = published.replace(second=0) == wanted.replace(second=0)
    result.chrome = [s for s in (*CHROME_STRINGS, *expected.get("absent", ())) if s in item["body"]]
    return result


@dataclass
class Summary:
    """Figures over a set of pages."""

    scores: list[Score]

    @property
    def articles(self) -> list[Score]:
        return [s for s in self.scores if s.expected_article]

    @property
    def precision(self) -> float:
        got = sum(s.got_words for s in self.articles)
        return sum(s.overlap for s in self.articles) / got if got else 0.0

    @property
    def recall(self) -> float:
        want = sum(s.want_words for s in self.articles)
        return sum(s.overlap for s in self.articles) / want if want else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def date_day(self) -> float:
        return sum(s.day_right for s in self.articles) / len(self.articles) if self.articles else 0

    @property
    def date_minute(self) -> float:
        timed = [s for s in self.articles if s.minute_right is not None]
        return sum(bool(s.minute_right) for s in timed) / len(timed) if timed else 1.0

    @property
    def classified(self) -> float:
        return sum(s.is_article == s.expected_article for s in self.scores) / len(self.scores)


def evaluate(directories: list[Path], extractor: Extractor | None = None) -> Summary:
    extractor = extractor or Extractor()
    return Summary([score(name, html, expected, extractor)
                    for directory in directories for name, html, expected in cases(directory)])


def failures(summary: Summary, floors: dict) -> list[str]:
    """Every figure below its floor, as readable lines."""
    found = []
    page, overall = floors["page"], floors["overall"]
    for s in summary.scores:
        if s.is_article != s.expected_article:
            found.append(f"{s.name}: read as {'an article' if s.is_article else 'no article'}")
        elif s.expected_article:
            found += [f"{s.name}: {k} {v:.3f} < {page[k]}" for k, v in
                      (("precision", s.precision), ("recall", s.recall)) if v < page[k]]
            found += [f"{s.name}: chrome {s.chrome}"] if s.chrome else []
    found += [f"overall {k} {v:.3f} < {overall[k]}" for k, v in (
        ("precision", summary.precision), ("recall", summary.recall), ("f1", summary.f1),
        ("date_day", summary.date_day), ("date_minute", summary.date_minute),
    ) if v < overall[k]]
    return found


def report(summary: Summary) -> None:
    print(f"{'page':<36} {'P':>6} {'R':>6} {'F1':>6}  date  path")
    for s in summary.scores:
        if not s.expected_article:
            verdict = "ok" if not s.is_article else "WRONG"
            print(f"{s.name:<36} {'(not an article: ' + verdict + ')':>22}")
            continue
        if s.item is None:
            print(f"{s.name:<36} {'(no item)':>22}")
            continue
        date = "min" if s.minute_right else ("day" if s.day_right else "WRONG")
        extraction = s.item["extraction"]
        path = "/".join(filter(None, (extraction["template"], extraction.get("fallback"))))
        chrome = f"  chrome: {s.chrome}" if s.chrome else ""
        print(f"{s.name:<36} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {date:<5} {path}"
              + chrome)
    overall = f"overall ({len(summary.articles)} articles)"
    print(f"{overall:<36} {summary.precision:6.3f} {summary.recall:6.3f} {summary.f1:6.3f}  "
          f"date right to the day {summary.date_day:.0%}, to the minute "
          f"{summary.date_minute:.0%}; pages classified right {summary.classified:.0%}")


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("dirs", nargs="*", type=Path, default=[DRIFT])
    cli.add_argument("--floors", type=Path, default=FLOORS)
    args = cli.parse_args()
    logging.disable(logging.WARNING)
    summary = evaluate(args.dirs)
    report(summary)
    below = failures(summary, json.loads(args.floors.read_text("utf-8")))
    for line in below:
        print(f"BELOW FLOOR: {line}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
