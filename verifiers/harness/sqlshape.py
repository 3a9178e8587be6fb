"""Structural facts about one SQL string: its kind, IN lists, joins.

Proofs compare structure, never text: the same statement is spelled with
``?``, ``%s`` or ``%(name)s`` placeholders, different quoting and different
whitespace on each backend, but its kind, its joins and the size of its IN
lists are the same everywhere.
"""

from __future__ import annotations

import re

TRANSACTION_KINDS = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "COMMIT", "ROLLBACK")
DML_KINDS = ("INSERT", "UPDATE", "DELETE")

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_WORD = re.compile(r"[A-Za-z_]+")
_IN_LIST = re.compile(r"\bIN\s*\(", re.I)
_JOIN = re.compile(r"\bJOIN\b", re.I)


def _clean(sql: str) -> str:
    """The statement without comments or quoted literals (they may contain anything)."""
    return _QUOTED.sub("''", _COMMENT.sub(" ", sql))


def statement_kind(sql: str) -> str:
    """The statement's kind: SELECT, INSERT, UPDATE, DELETE, CREATE TABLE, SAVEPOINT, ...

    A statement that starts with WITH takes the kind of its main statement:
    the first SELECT/INSERT/UPDATE/DELETE outside the common table expressions.
    """
    text = _clean(sql).strip()
    words = [w.upper() for w in _WORD.findall(text[:200])]
    if not words:
        return "OTHER"
    first = words[0]
    if first == "WITH":
        return _main_kind_after_ctes(text)
    if first in ("CREATE", "DROP", "ALTER"):
        rest = [w for w in words[1:4] if w not in ("UNIQUE", "OR", "REPLACE", "TEMPORARY", "TEMP", "IF", "NOT", "EXISTS")]
        return f"{first} {rest[0]}" if rest else first
    if first == "RELEASE":
        return "RELEASE SAVEPOINT"
    if first == "ROLLBACK" and len(words) > 1 and words[1] == "TO":
        return "ROLLBACK TO SAVEPOINT"
    if first in ("START",) and len(words) > 1 and words[1] == "TRANSACTION":
        return "BEGIN"
    return first


def _main_kind_after_ctes(text: str) -> str:
    depth = 0
    for match in re.finditer(r"[()]|\b(SELECT|INSERT|UPDATE|DELETE)\b", text, re.I):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0:
            return token.upper()
    return "SELECT"


def in_list_sizes(sql: str) -> list[int]:
    """The number of entries in each ``IN (...)`` list of placeholders or literals.

    A subquery ``IN (SELECT ...)`` is not a list and is not counted.
    """
    text = _clean(sql)
    sizes = []
    for match in _IN_LIST.finditer(text):
        depth, start = 1, match.end()
        position = start
        while position < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[position], 0)
            position += 1
        body = text[start : position - 1].strip()
        if not body or re.match(r"SELECT\b", body, re.I):
            continue
        sizes.append(_top_level_commas(body) + 1)
    return sizes


def _top_level_commas(body: str) -> int:
    depth = commas = 0
    for char in body:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            commas += 1
    return commas


def has_join(sql: str) -> bool:
    """Whether the statement has a JOIN (of any kind) outside comments and literals."""
    return bool(_JOIN.search(_clean(sql)))


def has_subquery(sql: str) -> bool:
    """Whether a SELECT appears inside parentheses."""
    return bool(re.search(r"\(\s*SELECT\b", _clean(sql), re.I))
