"""Statement text as a learner reads it: harness names removed, long lists shortened, layout kept.

SQLAlchemy's own layout (one clause per line, DDL indented with tabs) is kept
as sent; only blank lines around a statement and spaces at line ends go. Two
statements are *the same* across backends when they differ only in paramstyle
(``?``, ``%s``, ``%(name)s``, ``:name``, ``$1``) or in type casts on
parameters (``::VARCHAR``).
"""

from __future__ import annotations

import re

from ..harness.backends.naming import PREFIX, neutral_names

LIST_SHOWN = 3  # items of a long list kept before the count
LONG_LIST = 12  # a list with more items than this is shortened

_LEFTOVER_NAME = re.compile(rf"\b{PREFIX}\w*")
_CAST = r"(?:::[A-Za-z_][\w ]*?(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?(?=[\s,)\]]|$))?"
_ITEM = rf"(?:\?|%s|%\(\w+\)s|:\w+|\$\d+|-?\d+(?:\.\d+)?|'(?:[^']|'')*'|NULL){_CAST}"
_LIST = re.compile(rf"\(\s*({_ITEM}(?:\s*,\s*{_ITEM}){{{LONG_LIST},}})\s*\)")
_TUPLE = rf"\(\s*{_ITEM}(?:\s*,\s*{_ITEM})*\s*\)"
_TUPLES = re.compile(rf"{_TUPLE}(?:\s*,\s*{_TUPLE}){{{LONG_LIST},}}")
_SPLIT_ITEMS = re.compile(rf"{_ITEM}")
_SPLIT_TUPLES = re.compile(_TUPLE)
_PARAM = re.compile(r"%\(\w+\)s|%s|\?|(?<![:\w]):\w+|\$\d+")
_PARAM_CAST = re.compile(r"(\uE000)::[A-Za-z_][\w ]*?(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?(?=[\s,)\]]|$)")


def scrub(text: str) -> str:
    """``text`` without the harness's generated names (``proofbank_<run>...``), even ones the records kept."""
    return _LEFTOVER_NAME.sub("lab", neutral_names(text)) if PREFIX in text else text


def shorten_lists(sql: str) -> str:
    """Long IN lists and multi-row VALUES shortened to their first items and their count."""

    def items(match: re.Match[str]) -> str:
        found = _SPLIT_ITEMS.findall(match.group(1))
        return f"({', '.join(found[:LIST_SHOWN])}, … {len(found)} items in all)"

    def rows(match: re.Match[str]) -> str:
        found = _SPLIT_TUPLES.findall(match.group(0))
        return f"{', '.join(found[:LIST_SHOWN])}, … {len(found)} rows in all"

    return _LIST.sub(items, _TUPLES.sub(rows, sql))


def tidy(sql: str) -> str:
    """The statement as shown: SQLAlchemy's line breaks and indents kept, no blank edges, no trailing spaces."""
    lines = [line.rstrip() for line in scrub(sql).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return shorten_lists("\n".join(lines))


def comparable(sql: str) -> str:
    """A key under which the same statement sent by different backends compares equal."""
    text = _PARAM.sub("\uE000", scrub(sql))
    text = _PARAM_CAST.sub(r"\1", text)
    return " ".join(text.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split())
