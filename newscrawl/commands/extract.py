"""`scrapy extract PATH [PATH ...] [-o items.jsonl]`: re-extract saved pages to JSON lines.

The same as `python -m newscrawl.extractor` (`newscrawl/reextraction/cli.py`), from the project.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.reextraction.cli import run


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "PATH [PATH ...] [-o FILE]"

    def short_desc(self) -> str:
        return "Re-extract saved pages (snapshot, HTTP cache, .html files) into JSON lines"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="JSON lines file (default: stdout)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one PATH")
        self.exitcode = run([Path(a) for a in args], Path(opts.output) if opts.output else None)
