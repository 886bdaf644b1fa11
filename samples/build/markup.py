"""Small markup helpers: escaping, wptexturize entities, templates and per-page block ids."""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from html import escape
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).with_name("templates")

# wptexturize prints typographic characters as numeric entities.
_TEXTURIZE = {
    "\u2018": "&#8216;", "\u2019": "&#8217;", "\u201c": "&#8220;", "\u201d": "&#8221;",
    "\u2013": "&#8211;", "\u2014": "&#8212;", "\u2026": "&#8230;",
}
_TEXTURIZE_RE = re.compile("[" + "".join(_TEXTURIZE) + "]")
# Block ids: `tdi_#` takes the next number of the page, `tdi_=` repeats the last one.
_UID_RE = re.compile(r"tdi_([#=])")


def esc(text: str) -> str:
    """Escape text for an element or a double-quoted attribute."""
    return escape(text, quote=True)


def texturize(html_text: str) -> str:
    """Print curly quotes, dashes and ellipses as numeric entities, like wptexturize."""
    return _TEXTURIZE_RE.sub(lambda match: _TEXTURIZE[match.group()], html_text)


def title_html(text: str) -> str:
    """A post title as the theme prints it: escaped, then texturized."""
    return texturize(esc(text))


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def tpl(name: str, **values: object) -> str:
    """Fill `templates/<name>` (string.Template `${key}` placeholders; all keys required)."""
    return _template(name).substitute({key: str(value) for key, value in values.items()})


def number_uids(page: str, start: int = 1) -> str:
    """Number the `tdi_#` / `tdi_=` markers in document order, as the theme's block counter does."""
    counter = itertools.count(start)
    current = start - 1

    def replace(match: re.Match[str]) -> str:
        nonlocal current
        if match.group(1) == "#":
            current = next(counter)
        return f"tdi_{current}"

    return _UID_RE.sub(replace, page)


def json_script(data: object) -> str:
    """JSON for a `<script>` element: unescaped slashes and Unicode, as Yoast prints it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def join(parts: list[str] | tuple[str, ...]) -> str:
    """Concatenate fragments one per line (skipping empty ones)."""
    return "\n".join(part for part in parts if part)
