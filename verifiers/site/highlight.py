"""Syntax highlighting (Pygments) and SQL layout (sqlparse) for the learner pages.

Highlighted code carries CSS classes, not inline colours; :func:`stylesheet`
gives their colours from one Pygments style, chosen because every colour it
uses reaches WCAG AA contrast (4.5:1) on its background (a test checks this).
"""

from __future__ import annotations

from functools import lru_cache

import sqlparse
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


@lru_cache(maxsize=4096)
def format_sql(statement: str) -> str:
    """One statement laid out one clause per line; words and case unchanged."""
    return sqlparse.format(statement, reindent=True, indent_width=2).strip()


@lru_cache(maxsize=4096)
def sql_html(statement: str) -> Markup:
    """A statement formatted by :func:`format_sql`, as highlighted HTML."""
    return Markup(highlight(format_sql(statement), SqlLexer(), HtmlFormatter(cssclass=CSS_CLASS)))
