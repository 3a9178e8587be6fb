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
           "declarativebase", "lab", "prove", "func", "count", "scalar", "scalars", "commit", "flush", "add", "engine", "connection", "execute", "text", "option", "options"}


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


def _api_like(name: str) -> bool:
    """A name that says which API it is (``expire_on_commit``, ``ColumnCollection``, ``selectinload``), not a
    word any entry might use (``add``, ``table``, ``update``)."""
    return "_" in name.strip("_") or re.search(r"[a-z][A-Z]", name) is not None or len(name) >= 9


def names_in(text: str, loose: bool = False) -> set[str]:
    """The API names a text uses as code: in backticks (Markdown or reST roles), or underscored anywhere.
    ``loose`` also keeps plain names in backticks (``noload``): what a question's own text shows as code."""
    found: set[str] = set()
    for match in _CODE.finditer(text):
        code = next(g for g in match.groups() if g)
        parts = {part for name in _IDENTIFIER.findall(code) for part in name.split(".")}
        found |= {p for p in parts if _api_like(p) or (loose and len(p) >= 4)}
    found |= {w for w in re.findall(r"\b[A-Za-z]+_[A-Za-z0-9_]+\b", text) if _api_like(w)}
    return {n.lower() for n in found if n.lower() not in _COMMON}


def entry_names(text: str) -> set[str]:
    """What an entry can share with a question: its code names and its plain words (an entry may say
    "autoflush" or "insertmanyvalues" without backticks)."""
    return names_in(text, loose=True) | {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]{3,}", text)}


def tickets_in(text: str) -> set[int]:
    return {int(t) for t in _TICKET_IN_TEXT.findall(text)}


def best_match(candidates: list[Entry], all_entries: list[Entry], tickets: set[int],
               names: set[str], supporting: set[str] = frozenset(), focus: set[str] = frozenset()) -> Match | None:
    """The candidate that shares a ticket with the question, else the one whose names overlap most (rare
    names count for more); None when nothing is convincing. ``names`` are the question's own; a rare one of
    them must be shared. ``supporting`` names (its proof's) add to the score but never qualify an entry alone:
    every proof calls ``create_all``. A name in ``focus`` (the words of the question's id and title: what it
    is about) counts three times."""
    for entry in candidates:
        shared = tickets & set(entry.tickets)
        if shared:
            return Match(entry, 100.0, "ticket " + ", ".join(str(t) for t in sorted(shared)))
    documents = Counter()
    known = {}
    for entry in all_entries:
        known[id(entry)] = entry_names(entry.text)
        documents.update(known[id(entry)])
    total = max(1, len(all_entries))
    rare = max(2, int(total * RARE_SHARE))
    best: Match | None = None
    for entry in candidates:
        in_entry = known.get(id(entry)) or entry_names(entry.text)
        common = names & in_entry
        if not any(documents[n] <= rare for n in common):
            continue
        common |= set(supporting) & in_entry
        weight = {n: math.log((total + 1) / max(1, documents[n])) * (3 if n in focus else 1) for n in common}
        score = sum(weight.values())
        if best is None or score > best.score:
            telling = sorted(common, key=lambda n: -weight[n])[:4]
            best = Match(entry, round(score, 2), "names: " + ", ".join(telling))
    return best
