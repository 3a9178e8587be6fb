"""Syntax highlighting (Pygments) for the learner pages; statements keep the layout SQLAlchemy gave them.

Highlighted code carries CSS classes, not inline colours; :func:`stylesheet`
gives their colours from one Pygments style, chosen because every colour it
uses reaches WCAG AA contrast (4.5:1) on its background (a test checks this).
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, SqlLexer

STYLE = "xcode"
CSS_CLASS = "hl"


def stylesheet() -> str:
    """The CSS for highlighted code."""
    return HtmlFormatter(style=STYLE, cssclass=CSS_CLASS).get_style_defs(f".{CSS_CLASS}") + "\n"


def python_html(source: str) -> Markup:
    """Python source as highlighted HTML with line numbers."""
    formatter = HtmlFormatter(cssclass=CSS_CLASS, linenos="inline")
    return Markup(highlight(source, PythonLexer(), formatter))


def python_lines(source: str) -> list[Markup]:
    """Python source highlighted as a whole (so a string spanning lines stays a string), one item per line.

    Pygments closes and reopens its spans at each line end, so every item is balanced HTML."""
    html = highlight(source, PythonLexer(stripnl=False, ensurenl=True), HtmlFormatter(nowrap=True))
    lines = html.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    wanted = len(source.splitlines())
    return [Markup(line) for line in (lines + [""] * wanted)[:wanted]]


@lru_cache(maxsize=4096)
def sql_html(statement: str) -> Markup:
    """A statement highlighted as sent: its line breaks and indents kept, nothing re-laid out."""
    body = highlight(statement, SqlLexer(stripnl=False), HtmlFormatter(nowrap=True)).rstrip("\n")
    return Markup(f'<pre class="{CSS_CLASS} sql-text">{body}</pre>')
