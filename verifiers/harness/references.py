"""Check that each documentation reference points at a page and an anchor that exist.

A reference ``https://docs.sqlalchemy.org/en/20/orm/queryguide/select.html#orm-queryguide-relationship-exists``
names the page ``orm/queryguide/select.rst`` of the documentation sources and an anchor on it. Every
``/en/<version>/`` is checked against the sources of the release installed here (see :mod:`.docsources`);
the anchors of a page are what :mod:`.docanchors` reads, plus the members autodoc documents, which exist
when the installed library has them. A broken reference is reported with the page that holds its anchor
now, or the nearest anchor on its page, or the nearest page.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import re
import types
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .bank import Problem, QuestionFile
from .docanchors import Documented, PageAnchors
from .docindex import DocIndex, load_index

SITES = {"docs.sqlalchemy.org": "sqlalchemy", "alembic.sqlalchemy.org": "alembic"}
_VERSION_PREFIX = re.compile(r"^/en/[^/]+/")
_CHANGE = re.compile(r"change-[0-9a-f]{6,}")
_PARAMETER = re.compile(r"(.+)\.params\.(\w+)")


@dataclass(frozen=True)
class BrokenReference:
    """A reference whose page or anchor does not exist, and the nearest one that does."""

    url: str
    message: str
    fix: str


def split_reference(url: str) -> tuple[str, str, str] | None:
    """``(project, page, anchor)`` of a documentation URL this module checks, else None."""
    parts = urlsplit(url)
    project = SITES.get(parts.netloc)
    if project is None:
        return None
    path = _VERSION_PREFIX.sub("", parts.path).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return project, path.removesuffix(".html"), parts.fragment


def _resolve(dotted: str) -> object | None:
    """The object ``dotted`` names in the installed library, or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except Exception:  # noqa: BLE001 - not a module (or not importable here): try a shorter path
            continue
        try:
            for name in parts[cut:]:
                target = getattr(target, name)
        except Exception:  # noqa: BLE001 - an attribute that is missing, or raises on access
            return None
        return target
    return None


def _defines(klass: type, name: str, inherited: bool) -> bool:
    """Whether autodoc finds ``name`` on ``klass``: in its own namespace (attribute or annotation), or with
    inherited members in any base but ``object``."""
    owners = [k for k in klass.__mro__ if k is not object] if inherited else [klass]
    return any(name in vars(k) or name in vars(k).get("__annotations__", {}) for k in owners)


def _selected(name: str, documented: Documented, first: bool) -> bool:
    """Whether autodoc's options let ``name`` through (``first``: a direct member of the directive's object)."""
    if first and documented.members != ["*"] and name not in (documented.members or []):
        return False
    if name in documented.exclude:
        return False
    if name.startswith("__") and name.endswith("__"):
        return documented.special is not None and (documented.special == ["*"] or name in documented.special)
    if name.startswith("_"):
        return documented.private is not None and (documented.private == ["*"] or name in documented.private)
    return True


def autodoc_documents(owner_name: str, names: list[str], documented: Documented) -> bool:
    """Whether autodoc, documenting ``owner_name`` with these options, documents ``owner.names[0].names[1]...``
    of the installed library."""
    owner = _resolve(owner_name)
    for position, name in enumerate(names):
        if owner is None or not _selected(name, documented, first=position == 0):
            return False
        if isinstance(owner, types.ModuleType):
            if not hasattr(owner, name):
                return False
        elif isinstance(owner, type):
            if not _defines(owner, name, documented.inherited):
                return False
        else:
            return False
        owner = getattr(owner, name, None)
    return _has_docstring(owner)


def _has_docstring(member: object) -> bool:
    """Whether autodoc (with ``no-undoc-members``, SQLAlchemy's default) gives ``member`` an entry: a function,
    method, property or class needs a docstring, its own or inherited. A plain value's docstring lives in the
    source (``#:`` comments), which is not read here, so it is given the benefit of the doubt."""
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    if inspect.ismemberdescriptor(member) or not (
            inspect.isroutine(member) or isinstance(member, (property, type)) or inspect.isdatadescriptor(member)):
        return True  # a __slots__ entry, like a plain value, is documented by a comment in the source
    return bool(inspect.getdoc(member))


def _member_documented(page: PageAnchors, anchor: str) -> bool:
    """Whether ``anchor`` is a member that autodoc documents with an object documented on ``page``."""
    parts = anchor.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        documented = page.objects.get(".".join(parts[:cut]))
        if documented is not None and documented.members is not None:
            if autodoc_documents(".".join(parts[:cut]), parts[cut:], documented):
                return True
    return False


def _documents_parameter(dotted: str, parameter: str) -> bool:
    """Whether the docstring of ``dotted`` (or of its ``__init__``) documents ``:param <parameter>:``, which
    sphinx-paramlinks gives the anchor ``<dotted>.params.<parameter>``."""
    target = _resolve(dotted)
    if target is None:
        return False
    texts = [inspect.getdoc(target) or ""]
    if isinstance(target, type):
        texts.append(inspect.getdoc(target.__init__) or "")
    pattern = rf":param\s+(?:[\w\[\], .]+\s+)?\*{{0,2}}{re.escape(parameter)}(?:\s*=[^:\n]*)?\s*:"
    return any(re.search(pattern, text) for text in texts)


class ReferenceChecker:
    """Checks references against the documentation sources of one release of each project.

    ``sources`` maps a project (``sqlalchemy``, ``alembic``) to a folder laid out like its doc folder; a
    project without sources is not checked."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self._sources = sources
        self._indexes: dict[str, DocIndex] = {}

    def index(self, project: str) -> DocIndex:
        """The anchors of every page of ``project``'s documentation, read once."""
        if project not in self._indexes:
            self._indexes[project] = load_index(self._sources[project])
        return self._indexes[project]

    def exists(self, page: PageAnchors, anchor: str) -> bool:
        """Whether ``anchor`` is an id on ``page``."""
        if not anchor or anchor in page.anchors:
            return True
        if page.changelog and _CHANGE.fullmatch(anchor):
            return True  # a changelog entry's id is made from its text; the page is the part we can check
        parameter = _PARAMETER.fullmatch(anchor)
        if parameter:
            owner = parameter.group(1)
            return (owner in page.anchors or _member_documented(page, owner)) and _documents_parameter(*parameter.groups())
        return "." in anchor and _member_documented(page, anchor)

    def check(self, url: str) -> BrokenReference | None:
        """None when ``url``'s page and anchor exist; else what is wrong and the nearest existing target."""
        split = split_reference(url)
        if split is None or split[0] not in self._sources:
            return None  # another site, or a project whose sources could not be had
        project, name, anchor = split
        index = self.index(project)
        page = index.page(name)
        if page is not None and self.exists(page, anchor):
            return None
        elsewhere = index.pages_with(anchor) if anchor else []
        if elsewhere:
            fix = f"its anchor is on {elsewhere[0]}.html now: write {_with(url, elsewhere[0], anchor)}"
        elif page is None:
            near = difflib.get_close_matches(name, sorted(index.pages), n=1, cutoff=0.5)
            fix = (f"the nearest page is {near[0]}.html: write {_with(url, near[0], '')}" if near
                   else "find the page in the documentation's contents")
        else:
            near = difflib.get_close_matches(anchor, self._candidates(page, anchor), n=1, cutoff=0.4)
            fix = (f"the nearest anchor on that page is #{near[0]}: write {_with(url, name, near[0])}" if near
                   else f"link the page without an anchor: {_with(url, name, '')}")
        if page is None:
            return BrokenReference(url, f"the page {name}.html is not in the {project} documentation", fix)
        return BrokenReference(url, f"the anchor #{anchor} is not on {name}.html", fix)

    @staticmethod
    def _candidates(page: PageAnchors, anchor: str) -> list[str]:
        """The page's anchors, and for a dotted anchor the public members of the objects documented there."""
        found = set(page.anchors)
        if "." in anchor:
            for owner, documented in page.objects.items():
                target = _resolve(owner) if documented.members is not None and anchor.startswith(owner + ".") else None
                if target is not None:
                    found |= {f"{owner}.{n}" for n in dir(target) if _selected(n, documented, first=True)
                              and (not isinstance(target, type) or _defines(target, n, documented.inherited))}
        return sorted(found)


def _with(url: str, page: str, anchor: str) -> str:
    """``url`` pointed at ``page`` and ``anchor``, keeping its site and version."""
    parts = urlsplit(url)
    prefix = _VERSION_PREFIX.match(parts.path)
    return urlunsplit((parts.scheme, parts.netloc, f"{prefix.group(0) if prefix else '/'}{page}.html", "", anchor))


def default_sources(cache: Path) -> tuple[dict[str, Path], list[str]]:
    """The documentation sources of the installed SQLAlchemy and Alembic (fetched into ``cache`` on first
    use), and at most one note saying which could not be had, and why."""
    import alembic
    import sqlalchemy

    from . import docsources

    sources, missing = {}, []
    unreachable = False
    for project, version in (("sqlalchemy", sqlalchemy.__version__), ("alembic", alembic.__version__)):
        if unreachable and not (cache / f"{project}-{version}" / docsources.COMPLETE).is_file():
            missing.append(f"{project} {version}: not asked, for the same reason")
            continue
        try:
            sources[project] = docsources.doc_sources(project, version, cache)
        except docsources.DocSourcesUnavailable as error:
            unreachable = error.unreachable
            missing.append(f"{project} {version}: {error}")
        except OSError as error:
            missing.append(f"{project} {version}: {error}")
    if not missing:
        return sources, []
    which = "references were" if not sources else "some references were"
    return sources, [f"{which} not checked, as documentation sources could not be had ({'; '.join(missing)})"]


def reference_problems(files: list[QuestionFile], checker: ReferenceChecker) -> list[Problem]:
    """A lint problem for every reference whose page or anchor does not exist."""
    problems = []
    for qf in files:
        for index, url in enumerate(qf.question.references):
            broken = checker.check(url)
            if broken is not None:
                problems.append(Problem(qf.path, qf.line_of("references", index), f"references.{index}",
                                        broken.message, broken.fix))
    return problems
