"""`scrapy extract PATH [PATH ...] [-o items.jsonl] [-j JOBS]`: re-extract saved pages to JSON
lines on JOBS worker processes (default: the cores).

The same as `python -m newscrawl.extractor` (`newscrawl/reextraction/cli.py`), from the project.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.reextraction.cli import jobs_value, run
from newscrawl.reextraction.parallel import default_jobs


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "PATH [PATH ...] [-o FILE] [-j JOBS]"

    def short_desc(self) -> str:
        return ("Re-extract saved pages (snapshot, HTTP cache, .wacz archive, .html files) "
                "into JSON lines")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="JSON lines file (default: stdout)")
        parser.add_argument("-j", "--jobs", metavar="JOBS", default=str(default_jobs()),
                            help="worker processes (default: the cores, %(default)s here)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one PATH")
        try:
            jobs = jobs_value(opts.jobs)
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"-j/--jobs: {error}") from error
        self.exitcode = run([Path(a) for a in args], Path(opts.output) if opts.output else None,
                            jobs)
