"""The snapshot with every article copied under new slugs, as files (for `bench_distributed.py`).

`build_site(target, copies)`: the snapshot plus COPIES renamed copies of every article page,
all listed in the post sitemap; returns the article count (37 × (COPIES + 1)).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import SNAPSHOT, load_goldens  # noqa: E402

ROOT = "https://newsmoris.com"


def build_site(target: Path, copies: int) -> int:
    """The snapshot plus COPIES renamed copies of every article; returns the article count."""
    shutil.copytree(SNAPSHOT, target)
    urls = []
    for url in load_goldens():
        path = url.removeprefix(ROOT)
        html = (SNAPSHOT / path.strip("/") / "index.html").read_text("utf-8")
        for n in range(copies):
            new_path = f"{path.rstrip('/')}-copy-{n}/"
            page = target / new_path.strip("/") / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(html.replace(path, new_path), "utf-8")
            urls.append(ROOT + new_path)
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    sitemap = target / "post-sitemap.xml"
    text = sitemap.read_text("utf-8")
    sitemap.write_text(re.sub(r"</urlset>", entries + "</urlset>", text), "utf-8")
    return len(load_goldens()) + len(urls)
