"""The import rule of the package's wings (docs/architecture.md), checked on every module.

Extraction is the pure layer: HTML + URL in, fields out; it imports nothing of Scrapy's
engine, spiders, pipelines, the crawl state or discovery. Discovery imports no spider; the
state imports no extraction. Every `import` counts, also those inside functions.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newscrawl"
# What each wing may use of Scrapy: its data types only (no crawler, engine, signals).
SCRAPY_DATA = ("scrapy.http", "scrapy.selector", "scrapy.item", "scrapy.Item", "scrapy.Field")
OUR_UPPER_LAYERS = ("newscrawl.spiders", "newscrawl.commands", "newscrawl.pipelines",
                    "newscrawl.extensions", "newscrawl.downloadermiddlewares",
                    "newscrawl.spidermiddlewares", "newscrawl.monitors", "newscrawl.settings",
                    "newscrawl.feedstorage", "newscrawl.reextraction")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "newscrawl.extraction": (*OUR_UPPER_LAYERS, "newscrawl.state", "newscrawl.discovery",
                             "newscrawl.distributed", "twisted", "scrapy_redis", "redis"),
    "newscrawl.discovery": ("newscrawl.spiders", "newscrawl.commands", "newscrawl.pipelines",
                            "newscrawl.extensions", "newscrawl.downloadermiddlewares",
                            "newscrawl.spidermiddlewares", "newscrawl.reextraction"),
    "newscrawl.state": (*OUR_UPPER_LAYERS, "newscrawl.extraction", "newscrawl.discovery",
                        "newscrawl.distributed"),
    "newscrawl.pipelines": ("newscrawl.spiders", "newscrawl.commands"),
    "newscrawl.spiders": ("newscrawl.commands",),
    "newscrawl.archive": (*OUR_UPPER_LAYERS, "newscrawl.extraction", "newscrawl.state",
                          "newscrawl.discovery", "newscrawl.distributed", "scrapy"),
}
PURE = ("newscrawl.extraction",)  # wings that may import only Scrapy's data types


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str) -> set[str]:
    """Every name an import statement of `source` brings in: `a.b` for `import a.b`, and
    both `a` and `a.c` for `from a import c` (c may be a module); relative ones resolved."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[:-node.level]  # `module` is not a package
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def violations(module: str, names: set[str]) -> list[str]:
    """The imports of `module` that the rule forbids."""
    found = []
    for wing, forbidden in FORBIDDEN.items():
        if module == wing or module.startswith(f"{wing}."):
            found += [name for name in names
                      if any(name == f or name.startswith(f"{f}.") for f in forbidden)]
    if any(module == w or module.startswith(f"{w}.") for w in PURE):
        found += [name for name in names if (name == "scrapy" or name.startswith("scrapy."))
                  and name != "scrapy" and not name.startswith(SCRAPY_DATA)]
    return sorted(set(found))


def test_the_walker_sees_a_violation_wherever_it_is() -> None:
    source = ("def f():\n    from scrapy.crawler import Crawler\n"
              "from ..pipelines import state\nimport newscrawl.discovery.plan\n")
    names = imported(source, "newscrawl.extraction.page")
    assert violations("newscrawl.extraction.page", names) == [
        "newscrawl.discovery.plan", "newscrawl.pipelines", "newscrawl.pipelines.state",
        "scrapy.crawler", "scrapy.crawler.Crawler"]
    assert violations("newscrawl.state.sqlite",
                      imported("from newscrawl.extraction import dates", "x")) == [
        "newscrawl.extraction", "newscrawl.extraction.dates"]
    assert violations("newscrawl.spiders.site", names) == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: module_name(p))
def test_every_module_keeps_the_import_rule(path: Path) -> None:
    module = module_name(path)
    assert violations(module, imported(path.read_text("utf-8"), module)) == []


def test_every_wing_of_the_rule_exists() -> None:
    for wing in FORBIDDEN:
        assert (PACKAGE.parent / wing.replace(".", "/") / "__init__.py").is_file(), wing


@pytest.mark.parametrize(("old", "new", "name"), [
    ("newscrawl.pages", "newscrawl.extraction.page", "ArticlePage"),
    ("newscrawl.extractor", "newscrawl.reextraction.api", "Extractor"),
])
def test_the_old_import_paths_still_work_for_one_release(old: str, new: str, name: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match="moved to"):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)
