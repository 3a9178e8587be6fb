"""Find the changelog entry that most plausibly explains a change a bisection found.

SQLAlchemy's source distribution ships its changelog as reStructuredText under
``doc/build/changelog/changelog_XX.rst``: ``.. changelog::`` blocks with a
``:version:``, each holding ``.. change::`` entries with ``:tags:``,
``:tickets:`` and a text. An entry explains a change when it belongs to a
release after the last one that behaved as before, up to the first that
behaved differently (pre-releases between them included), and it shares the
question's ticket numbers or, failing that, enough of its names (identifiers
the question and its proof use) weighted by how rare each name is in the
changelog.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

GITHUB_ISSUE = "https://github.com/sqlalchemy/sqlalchemy/issues/{ticket}"
CHANGELOG_PAGE = "https://docs.sqlalchemy.org/en/{line}/changelog/changelog_{line}.html#change-{version}"
RARE_SHARE = 0.01  # a name in at most this share of all entries (or in two) tells entries apart; a match on
# names alone needs one such name, else it is a guess and "none found" is the honest answer

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_CODE = re.compile(r"``([^`]+)``|:\w+:`[~.!]?([^`<]+?)(?:\s*<[^>]+>)?`|`([^`]+)`")
_TICKET_IN_TEXT = re.compile(r"(?:#change-|ticket[s]?\s*#?|issues/|#)(\d{4,6})\b", re.I)
# Names too common in SQLAlchemy's own words to tell one entry from another.
_COMMON = {"sqlalchemy", "orm", "session", "select", "the", "and", "for", "with", "is", "none", "true", "false",
           "self", "return", "import", "from", "def", "class", "str", "int", "mapped", "mapped_column", "base",
           "declarativebase", "lab", "prove", "engine", "connection", "execute", "text", "option", "options"}


@dataclass(frozen=True)
class Entry:
    version: str
    tags: tuple[str, ...]
    tickets: tuple[int, ...]
    text: str

    @property
    def link(self) -> str:
        line = "".join(str(part) for part in Version(self.version).release[:2])
        return CHANGELOG_PAGE.format(line=line, version=self.version)

    @property
    def ticket_links(self) -> tuple[str, ...]:
        return tuple(GITHUB_ISSUE.format(ticket=t) for t in self.tickets)

    def summary(self, width: int = 240) -> str:
        flat = " ".join(self.text.split())
        flat = re.sub(r":\w+:`[~.!]?([^`<]+?)(?:\s*<[^>]+>)?`", r"\1", flat).replace("``", "")
        return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    why: str  # "ticket 10050" or "names: back_populates, relationship"


def parse_changelog(text: str) -> list[Entry]:
    """Every change entry of one changelog file, with the version of the block it is in."""
    entries: list[Entry] = []
    version: str | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith(".. changelog::"):
            version = None
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or lines[j].strip().startswith(":")):
                if lines[j].strip().startswith(":version:"):
                    version = lines[j].split(":version:", 1)[1].strip()
                j += 1
            i = j
            continue
        if stripped.startswith(".. change::") and version is not None:
            indent = len(lines[i]) - len(lines[i].lstrip())
            tags: tuple[str, ...] = ()
            tickets: tuple[int, ...] = ()
            body: list[str] = []
            j = i + 1
            while j < len(lines):
                line = lines[j]
                if line.strip() and len(line) - len(line.lstrip()) <= indent:
                    break
                field = line.strip()
                if field.startswith(":tags:"):
                    tags = tuple(t.strip() for t in field[len(":tags:"):].split(",") if t.strip())
                elif field.startswith(":tickets:"):
                    tickets = tuple(int(t) for t in re.findall(r"\d+", field[len(":tickets:"):]))
                elif body or not re.match(r":\w+:", field):  # the entry's text, after its option fields
                    body.append(line)
                j += 1
            entries.append(Entry(version, tags, tickets, "\n".join(body).strip()))
            i = j
            continue
        i += 1
    return entries


def load_changelog(doc_folder: Path) -> list[Entry]:
    """The 2.x changelog entries from a documentation sources folder (``changelog/changelog_2*.rst``)."""
    entries: list[Entry] = []
    for path in sorted((doc_folder / "changelog").glob("changelog_2*.rst")):
        entries.extend(parse_changelog(path.read_text(encoding="utf-8", errors="replace")))
    return entries


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def entries_between(entries: Iterable[Entry], after: str, upto: str) -> list[Entry]:
    """Entries of releases newer than ``after`` and not newer than ``upto`` (pre-releases included)."""
    low, high = Version(after), Version(upto)
    return [e for e in entries if (v := _version(e.version)) is not None and low < v <= high]


def names_in(text: str) -> set[str]:
    """The identifiers a text uses as code: in backticks (Markdown or reST roles), or dotted/underscored."""
    found: set[str] = set()
    for match in _CODE.finditer(text):
        code = next(g for g in match.groups() if g)
        found |= {part.lower() for name in _IDENTIFIER.findall(code) for part in name.split(".")}
    found |= {w.lower() for w in re.findall(r"\b[A-Za-z]+_[A-Za-z0-9_]+\b", text)}
    return {n for n in found if len(n) > 2 and n not in _COMMON}


def tickets_in(text: str) -> set[int]:
    return {int(t) for t in _TICKET_IN_TEXT.findall(text)}


def best_match(candidates: list[Entry], all_entries: list[Entry], tickets: set[int],
               names: set[str]) -> Match | None:
    """The candidate that shares a ticket with the question, else the one whose names overlap most (rare
    names count for more); None when nothing is convincing."""
    for entry in candidates:
        shared = tickets & set(entry.tickets)
        if shared:
            return Match(entry, 100.0, "ticket " + ", ".join(str(t) for t in sorted(shared)))
    documents = Counter()
    entry_names = {}
    for entry in all_entries:
        entry_names[id(entry)] = names_in(entry.text)
        documents.update(entry_names[id(entry)])
    total = max(1, len(all_entries))
    rare = max(2, int(total * RARE_SHARE))
    best: Match | None = None
    for entry in candidates:
        common = names & entry_names.get(id(entry), names_in(entry.text))
        if not any(documents[n] <= rare for n in common):
            continue
        score = sum(math.log((total + 1) / documents[n]) for n in common)
        if best is None or score > best.score:
            best = Match(entry, round(score, 2), "names: " + ", ".join(sorted(common)))
    return best
