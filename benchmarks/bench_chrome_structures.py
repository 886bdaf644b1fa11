"""CPU of the chrome-by-structure pass on the theme path, in one process.

    python benchmarks/bench_chrome_structures.py [ROUNDS]

Every article page of the snapshot goes through the page object and the item pipelines
(`Extractor`) with the structure pass (`extraction/chrome_structures.py`) and with it replaced
by a no-op, in alternating rounds of the same process (two processes on a shared machine differ
by more than the pass costs). Prints median CPU ms per page of both and the ratio.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawl.extraction import chrome_structures  # noqa: E402
from newscrawl.reextraction.api import Extractor  # noqa: E402
from newscrawl.snapshot import Snapshot  # noqa: E402
from tests.conftest import SNAPSHOT, article_file, load_goldens  # noqa: E402


def main() -> None:
    logging.disable(logging.WARNING)
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    fetched = Snapshot(SNAPSHOT).captured.isoformat()
    pages = [(url, article_file(url).read_text("utf-8")) for url in load_goldens()]
    extractor = Extractor()
    real = (chrome_structures.prune, chrome_structures.prune_empty_headings)
    off = (lambda root, url: Counter(), lambda root: 0)
    samples: dict[str, list[float]] = {"with the structure pass": [], "without it": []}
    extractor.extract(pages[0][1], pages[0][0], fetched)  # imports, warm caches
    variants = list(zip(samples, (real, off), strict=True))
    for turn in range(rounds):
        for name, (prune, tidy) in variants[::-1] if turn % 2 else variants:  # either first
            chrome_structures.prune, chrome_structures.prune_empty_headings = prune, tidy
            for url, html in pages:
                start = time.process_time()
                extractor.extract(html, url, fetched)
                samples[name].append((time.process_time() - start) * 1000)
    chrome_structures.prune, chrome_structures.prune_empty_headings = real
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{len(pages)} snapshot article pages, {rounds} alternating rounds, CPU per page "
          "(page object + pipelines)")
    for name, value in medians.items():
        print(f"  {name:<26} median {value:6.2f} ms")
    print(f"  ratio {medians['with the structure pass'] / medians['without it']:.3f}")


if __name__ == "__main__":
    main()
