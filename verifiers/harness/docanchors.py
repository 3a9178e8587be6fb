"""The anchors a Sphinx documentation page offers, read from its ``.rst`` source.

An anchor (the part of a URL after ``#``) exists when Sphinx makes an id for it:

- an explicit label ``.. _orm_queryguide_joins:`` gives ``orm-queryguide-joins`` (docutils' id rule:
  lowercase, runs of other characters become one ``-``, no leading digits or hyphens);
- a section title gives the id of its text by the same rule; a title whose id is already taken on the
  page (a repeated title, or a label of the same id above it) gets an automatic ``id1``, ``id2``...
  instead (numbered in page order; other automatic ids, such as footnotes', share that count);
- a Python object documented with ``autoclass``, ``class``, ``method``... gives its full dotted name
  (after ``currentmodule``, and inside the class it is nested in); autodoc's ``:members:`` give the
  members too, which are only known by importing the library, so each documented object keeps the
  autodoc options that decide which of its members get an anchor;
- a glossary term gives ``term-<term>``; a changelog page's entries give ``change-...`` ids made from
  their text.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

_LABEL = re.compile(r"^\s*\.\.\s+_(`?)([^`:][^:]*?)\1:\s*$")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+(?:py:)?([a-z]+)::\s*(.*?)\s*$")
_OPTION = re.compile(r"^\s+:([a-z-]+):\s*(.*?)\s*$")
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")
_AUTO = {"autoclass", "autofunction", "automethod", "autoattribute", "autodata", "autoexception",
         "autoproperty"}
_PLAIN = {"class", "method", "attribute", "function", "data", "exception", "staticmethod", "classmethod",
          "property", "decorator", "decoratormethod"}
_CLASSES = {"class", "exception", "autoclass", "autoexception"}


def docutils_id(text: str) -> str:
    """The id docutils makes from a label or a title: lowercase ASCII letters and digits, every other run of
    characters one ``-``, with no leading digits or hyphens and no trailing hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return re.sub(r"^[-0-9]+|-+$", "", text)


def sphinx_id(text: str) -> str:
    """The id Sphinx makes for a glossary term: like docutils, but keeping case, dots and underscores."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(text.split()))
    return re.sub(r"^[-0-9]+|-+$", "", text)


def rendered_title(text: str) -> str:
    """A title's text as the page shows it: roles and links by their displayed text, markup removed."""
    def role(match: re.Match[str]) -> str:
        target = match.group(1)
        shown = re.match(r"(.*?)\s*<[^>]*>$", target, re.S)
        if shown:
            return shown.group(1)
        target = target.lstrip("!")
        if target.startswith("~"):
            return target.rsplit(".", 1)[-1]
        return target.lstrip(".")

    text = re.sub(r"(?::[\w:+-]+:)`([^`]+)`", role, text)
    text = re.sub(r"`([^`<]*?)\s*<[^>]*>`__?", r"\1", text)
    return re.sub(r"``|`|\*\*|\*|\|", "", text)


@dataclass
class Documented:
    """A Python object a page documents, and which of its members autodoc documents with it."""

    members: list[str] | None = None  # None: no members; ["*"]: every public member autodoc finds
    inherited: bool = False
    private: list[str] | None = None  # None: no private members; ["*"]: all of them
    special: list[str] | None = None
    exclude: list[str] = field(default_factory=list)


@dataclass
class PageAnchors:
    """What one documentation page offers to link to."""

    anchors: set[str] = field(default_factory=set)
    objects: dict[str, Documented] = field(default_factory=dict)
    changelog: bool = False  # its ``.. change::`` entries have ids made from their text

    def to_json(self) -> dict:
        """A JSON-ready form, for the index on disk."""
        return {"anchors": sorted(self.anchors), "objects": {k: asdict(v) for k, v in sorted(self.objects.items())},
                "changelog": self.changelog}

    @classmethod
    def from_json(cls, data: dict) -> PageAnchors:
        """The page :meth:`to_json` wrote."""
        return cls(set(data["anchors"]), {k: Documented(**v) for k, v in data["objects"].items()},
                   bool(data["changelog"]))


def autodoc_defaults(conf: Path) -> dict[str, object]:
    """The autodoc options every directive starts from, read (never run) from the docs' ``conf.py``."""
    if not conf.is_file():
        return {}
    defaults: dict[str, object] = {}
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue
        if node.targets[0].id == "autodoc_default_flags" and isinstance(value, list):
            defaults.update({str(flag): "" for flag in value})
        elif node.targets[0].id == "autodoc_default_options" and isinstance(value, dict):
            defaults.update({str(k): "" if v is True else v for k, v in value.items() if v is not False})
    return defaults


def _names(value: object) -> list[str] | None:
    """An option's list of names; ``["*"]`` when it is given without names, None when absent."""
    if value is None:
        return None
    names = [n for n in re.split(r"[\s,]+", str(value)) if n]
    return names or ["*"]


def _documented(options: dict[str, object]) -> Documented:
    return Documented(members=None if "no-members" in options else _names(options.get("members")),
                      inherited="inherited-members" in options,
                      private=_names(options.get("private-members")),
                      special=_names(options.get("special-members")),
                      exclude=_names(options.get("exclude-members")) or [])


def _docstring_lines(name: str) -> list[str]:
    """The docstring of the installed object ``name`` (a module or a module's attribute), dedented."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except Exception:  # noqa: BLE001 - a module that will not import here documents nothing we can read
            continue
        try:
            for part in parts[cut:]:
                target = getattr(target, part)
        except Exception:  # noqa: BLE001 - absent here: nothing to read
            return []
        return (inspect.getdoc(target) or "").splitlines()
    return []


class _Reader:
    """Reads one page's lines in order, as Sphinx would number its ids."""

    def __init__(self, page: PageAnchors, defaults: dict[str, object], docstrings: bool) -> None:
        self.page = page
        self.defaults = defaults
        self.docstrings = docstrings
        self.module = ""
        self.counters: dict[str, int] = {}

    def add_implicit(self, base: str) -> None:
        """A title's id; a title whose id the page already has gets docutils' next automatic id instead,
        ``id1``, ``id2``... (Sphinx sets ``auto_id_prefix`` to ``id``; plain docutils would write ``<id>-1``)."""
        if not base:
            return
        if base not in self.page.anchors:
            self.page.anchors.add(base)
            return
        self.counters["id"] = self.counters.get("id", 0) + 1
        self.page.anchors.add(f"id{self.counters['id']}")

    def read(self, lines: list[str]) -> None:
        classes: list[tuple[int, str]] = []  # (indent, full name) of the classes whose body we are in
        glossary: int | None = None  # indent of the glossary directive we are in
        term_indent: int | None = None
        for index, line in enumerate(lines):
            stripped = line.strip()
            indent = len(line) - len(line.lstrip())
            if stripped:
                while classes and indent <= classes[-1][0]:
                    classes.pop()
                if glossary is not None and indent <= glossary:
                    glossary = term_indent = None
            label = _LABEL.match(line)
            if label:
                self.page.anchors.add(docutils_id(label.group(2)))
                continue
            directive = _DIRECTIVE.match(line)
            if directive:
                self._directive(directive, lines, index, classes)
                if directive.group(2) == "glossary":
                    glossary, term_indent = len(directive.group(1)), None
                continue
            if glossary is not None and stripped and not stripped.startswith(":"):
                if term_indent is None:
                    term_indent = indent
                if indent == term_indent:
                    self.page.anchors.add("term-" + sphinx_id(rendered_title(stripped)))
                continue
            self._title(lines, index)

    def _title(self, lines: list[str], index: int) -> None:
        """A section title is a line at the margin underlined (and maybe overlined) with one punctuation
        character, not a paragraph's last line: the line above it is blank, the start, or its overline."""
        line = lines[index]
        if index == 0 or not _ADORNMENT.match(line) or line[0] == " ":
            return
        title = lines[index - 1]
        above = lines[index - 2] if index >= 2 else ""
        overlined = bool(_ADORNMENT.match(above)) and above[0] == line[0]
        if not title.strip() or _ADORNMENT.match(title) or (title[0] == " " and not overlined):
            return
        if above.strip() and not overlined:
            return
        self.add_implicit(docutils_id(rendered_title(title.strip())))

    def _directive(self, match: re.Match[str], lines: list[str], index: int,
                   classes: list[tuple[int, str]]) -> None:
        indent, kind, argument = len(match.group(1)), match.group(2), match.group(3)
        name = re.split(r"[\s(\[]", argument, maxsplit=1)[0] if argument else ""
        if kind == "changelog":
            self.page.changelog = True
            if name:
                self.page.anchors.add(f"change-{name}")
            return
        if kind in ("currentmodule", "module", "automodule"):
            self.module = "" if name == "None" else name
            if kind != "currentmodule" and name:
                self.page.anchors.add(f"module-{name}")
            if kind == "automodule" and name:
                self.page.objects[name] = _documented({**self.defaults, **_options(lines, index)})
                if self.docstrings:
                    self._docstring(name)
            return
        if not name or (kind not in _AUTO and kind not in _PLAIN):
            return
        full = self._full_name(kind, name, classes)
        self.page.anchors.add(full)
        options = {**self.defaults, **_options(lines, index)} if kind in _AUTO else _options(lines, index)
        self.page.objects[full] = _documented(options) if kind in _AUTO else Documented()
        if kind in _CLASSES:
            classes.append((indent, full))
        if kind in _AUTO and self.docstrings:
            self._docstring(full)

    def _full_name(self, kind: str, name: str, classes: list[tuple[int, str]]) -> str:
        if classes:
            owner = classes[-1][1]
            return name if name.startswith(owner + ".") else f"{owner}.{name}"
        if kind in _AUTO and "." in name:
            return name  # autodoc reads a dotted name as the object's full path
        if self.module and not name.startswith(self.module + "."):
            return f"{self.module}.{name}"
        return name

    def _docstring(self, name: str) -> None:
        """Labels and sections in a documented object's docstring are part of the page."""
        inner = _Reader(self.page, self.defaults, docstrings=False)
        inner.counters = self.counters
        inner.module = self.module
        inner.read(_docstring_lines(name))


def _options(lines: list[str], index: int) -> dict[str, object]:
    """A directive's ``:option: value`` lines, which follow it directly."""
    options: dict[str, object] = {}
    for line in lines[index + 1:]:
        option = _OPTION.match(line)
        if not option:
            break
        options[option.group(1)] = option.group(2)
    return options


def read_page(path: Path, defaults: dict[str, object] | None = None, docstrings: bool = True) -> PageAnchors:
    """The anchors of one ``.rst`` page, including those in the docstrings of the objects it autodocuments
    (read from the installed library) when ``docstrings``."""
    page = PageAnchors()
    _Reader(page, defaults or {}, docstrings).read(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return page
