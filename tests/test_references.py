"""References are checked against documentation sources: every broken one is reported, in one pass, with
its file, line and the nearest anchor or page; without sources lint says so once and does not fail.

The sources here are a tiny fake documentation folder, so nothing is fetched."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_lint import GOOD, write

from verifiers.harness import docindex, docsources
from verifiers.harness.cli import main
from verifiers.harness.docanchors import docutils_id, read_page, rendered_title
from verifiers.harness.lint import lint_bank
from verifiers.harness.references import ReferenceChecker

SITE = "https://docs.sqlalchemy.org/en/20/"
CONNECTIONS = """\
.. currentmodule:: sqlalchemy.engine

.. _connections_toplevel:

====================================
Working with Engines and Connections
====================================

Basic Usage
-----------

Examples
--------

Examples
--------

Using :class:`.Connection` with ``begin()``
-------------------------------------------

.. autoclass:: Connection
   :members:
   :exclude-members: close

.. autoclass:: Engine

.. class:: Toy

   .. method:: spin(turns)

.. glossary::

    unit of work
        A pattern.
"""


def fake_docs(root: Path) -> dict[str, Path]:
    """Documentation sources of a toy release: a page of labels, sections and documented objects, and one
    page that holds a label now that another page held before."""
    docs = root / "docs-sources"
    (docs / "core").mkdir(parents=True)
    (docs / "core" / "connections.rst").write_text(CONNECTIONS)
    (docs / "core" / "pooling.rst").write_text(".. _pool_disconnects:\n\nDealing with Disconnects\n"
                                               "------------------------\n")
    return {"sqlalchemy": docs}


def problems(root: Path, *references: str) -> list[str]:
    listed = "".join(f"\n  - {SITE}{r}" for r in references)
    write(root, GOOD.replace(f"\n  - {SITE}core/connections.html", listed))
    return [p.render(root) for p in lint_bank(root, sources=fake_docs(root)).problems]


@pytest.mark.parametrize("reference", [
    "core/connections.html",
    "core/connections.html#connections-toplevel",  # a label
    "core/connections.html#working-with-engines-and-connections",  # an overlined title
    "core/connections.html#basic-usage",  # a title
    "core/connections.html#examples",
    "core/connections.html#id1",  # the repeated title: Sphinx numbers it as docutils' automatic ids
    "core/connections.html#using-connection-with-begin",  # a title with markup, as the page shows it
    "core/connections.html#sqlalchemy.engine.Connection",  # an autoclass under currentmodule
    "core/connections.html#sqlalchemy.engine.Connection.execute",  # a member autodoc documents
    "core/connections.html#sqlalchemy.engine.Engine",
    "core/connections.html#sqlalchemy.engine.Toy.spin",  # a method nested in a class
    "core/connections.html#term-unit-of-work",
    "core/pooling.html#pool-disconnects",
])
def test_a_reference_that_exists_passes(tmp_path: Path, reference: str) -> None:
    assert problems(tmp_path, reference) == []


@pytest.mark.parametrize(("reference", "message", "fix"), [
    ("core/connections.html#basic-usage-of-engines", "the anchor #basic-usage-of-engines is not on core/connections.html",
     f"the nearest anchor on that page is #basic-usage: write {SITE}core/connections.html#basic-usage"),
    ("core/connections.html#examples-1", "the anchor #examples-1 is not on core/connections.html",
     f"the nearest anchor on that page is #examples: write {SITE}core/connections.html#examples"),
    ("core/connections.html#sqlalchemy.engine.Connection.exceute", "the anchor #sqlalchemy.engine.Connection.exceute",
     f"the nearest anchor on that page is #sqlalchemy.engine.Connection.execute: write "
     f"{SITE}core/connections.html#sqlalchemy.engine.Connection.execute"),
    ("core/connections.html#sqlalchemy.engine.Connection.close", "the anchor #sqlalchemy.engine.Connection.close",
     "fix: "),  # excluded from the page's members
    ("core/connections.html#sqlalchemy.engine.Engine.dispose", "the anchor #sqlalchemy.engine.Engine.dispose",
     "fix: "),  # Engine is documented without :members:
    ("core/connections.html#pool-disconnects", "the anchor #pool-disconnects is not on core/connections.html",
     f"its anchor is on core/pooling.html now: write {SITE}core/pooling.html#pool-disconnects"),
    ("core/conections.html", "the page core/conections.html is not in the sqlalchemy documentation",
     f"the nearest page is core/connections.html: write {SITE}core/connections.html"),
    ("core/conections.html#basic-usage", "the page core/conections.html is not in the sqlalchemy documentation",
     f"its anchor is on core/connections.html now: write {SITE}core/connections.html#basic-usage"),
])
def test_a_broken_reference_is_reported_with_file_line_and_the_nearest_anchor(tmp_path: Path, reference: str,
                                                                             message: str, fix: str) -> None:
    [problem] = problems(tmp_path, reference)
    assert problem.startswith(f"bank/core/toy.yaml:19: [references.0] {message}"), problem
    assert fix in problem


def test_every_broken_reference_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    second = GOOD.replace("core/connections.html", "core/connections.html#nowhere").replace("id: toy", "id: second")
    second = second.replace("(toy)", "(second)")
    write(tmp_path, second, name="second")
    found = problems(tmp_path, "core/connections.html#basic-usage", "core/nothing.html", "core/connections.html#gone")
    assert [p.split(": ")[0] for p in found] == ["bank/core/second.yaml:19", "bank/core/toy.yaml:20",
                                                 "bank/core/toy.yaml:21"]


def test_other_sites_and_projects_without_sources_are_not_checked(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace(f"{SITE}core/connections.html", "https://alembic.sqlalchemy.org/en/latest/nope.html"))
    assert lint_bank(tmp_path, sources=fake_docs(tmp_path)).ok


def test_ids_are_made_as_sphinx_makes_them() -> None:
    assert docutils_id("orm_queryguide_relationship_exists") == "orm-queryguide-relationship-exists"
    assert docutils_id("2.0 Migration - ORM Usage") == "migration-orm-usage"
    assert docutils_id(rendered_title("The :meth:`~.Session.commit` method")) == "the-commit-method"
    assert docutils_id(rendered_title("Using :ref:`the pool <pooling_toplevel>`")) == "using-the-pool"


def test_the_index_is_read_once_then_kept_beside_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fake_docs(tmp_path)["sqlalchemy"]
    first = docindex.load_index(folder)
    assert (folder / docindex.INDEX_FILE).is_file()
    monkeypatch.setattr(docindex, "read_page", lambda *a, **k: pytest.fail("the index was read from the pages again"))
    assert docindex.load_index(folder).pages.keys() == first.pages.keys()
    (folder / "core" / "new.rst").write_text("New\n===\n")  # a changed folder is read again
    monkeypatch.setattr(docindex, "read_page", read_page)
    assert docindex.load_index(folder).page("core/new").anchors == {"new"}


def sdist(path: Path, top: str, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def fake_pypi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: Path) -> None:
    """PyPI's JSON API as a local file, which names the sdist relatively as a mirror may."""
    (tmp_path / "pypi").mkdir()
    (tmp_path / "pypi" / "release.json").write_text(json.dumps({"urls": [
        {"packagetype": "bdist_wheel", "filename": "x.whl", "url": "x.whl"},
        {"packagetype": "sdist", "filename": archive.name, "url": f"../{archive.name}"}]}))
    monkeypatch.setattr(docsources, "PYPI_RELEASE", (tmp_path / "pypi" / "release.json").as_uri())


def test_sources_are_fetched_once_and_only_their_doc_folder_is_kept(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    archive = sdist(tmp_path / "sqlalchemy-9.9.tar.gz", "sqlalchemy-9.9", {
        "doc/build/core/connections.rst": CONNECTIONS, "doc/build/conf.py": "autodoc_default_options = {}\n",
        "doc/build/build/output.html": "", "lib/sqlalchemy/__init__.py": ""})
    fake_pypi(tmp_path, monkeypatch, archive)
    cache = tmp_path / "cache"
    folder = docsources.doc_sources("sqlalchemy", "9.9", cache)
    assert folder == cache / "sqlalchemy-9.9"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".complete", "conf.py", "core/connections.rst"]
    archive.unlink()  # a second call reads the folder, and fetches nothing
    assert docsources.doc_sources("sqlalchemy", "9.9", cache) == folder


def test_an_interrupted_fetch_leaves_nothing_that_looks_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "sqlalchemy-9.9.tar.gz"
    archive.write_bytes(b"\x1f\x8b not really gzip")
    fake_pypi(tmp_path, monkeypatch, archive)
    cache = tmp_path / "cache"
    with pytest.raises(docsources.DocSourcesUnavailable, match="could not be read"):
        docsources.doc_sources("sqlalchemy", "9.9", cache)
    assert list(cache.iterdir()) == []


def test_without_sources_lint_says_so_once_on_stderr_and_does_not_fail(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(project: str, version: str, cache: Path) -> Path:
        raise docsources.DocSourcesUnavailable(f"could not ask PyPI for {project} {version}: offline")

    monkeypatch.setattr(docsources, "doc_sources", offline)
    write(tmp_path, GOOD.replace("core/connections.html", "core/conections.html#nowhere"))
    result = CliRunner().invoke(main, ["lint", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("references were not checked") == 1
    assert "could not ask PyPI for sqlalchemy" in result.stderr and "could not ask PyPI for alembic" in result.stderr
    assert "no problems" in result.stdout


def test_no_references_skips_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docsources, "doc_sources", lambda *a: pytest.fail("sources were asked for"))
    write(tmp_path, GOOD)
    result = CliRunner().invoke(main, ["lint", "--root", str(tmp_path), "--no-references"])
    assert result.exit_code == 0 and result.stderr == ""


def test_autodoc_options_and_docstrings_decide_which_members_have_anchors(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "toydoc.py").write_text(
        "class Base:\n    def inherited(self):\n        'Documented in the base.'\n\n"
        "class Thing(Base):\n    def documented(self):\n        'Documented.'\n\n"
        "    def undocumented(self):\n        pass\n\n"
        "    def _private(self):\n        'Private.'\n\n"
        "    def _hidden(self):\n        'Private, not listed.'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    docs = tmp_path / "docs"
    (docs / "api").mkdir(parents=True)
    (docs / "api" / "toy.rst").write_text(".. autoclass:: toydoc.Thing\n   :members:\n   :private-members: _private\n")
    checker = ReferenceChecker({"sqlalchemy": docs})
    found = {name: checker.check(f"{SITE}api/toy.html#toydoc.Thing.{name}") is None
             for name in ("documented", "undocumented", "_private", "_hidden", "inherited", "missing")}
    assert found == {"documented": True, "undocumented": False, "_private": True, "_hidden": False,
                     "inherited": False, "missing": False}


def test_an_unreachable_index_is_asked_once_and_named_in_the_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROOFBANK_DOCS", str(tmp_path / "cache"))
    monkeypatch.setattr(docsources, "PYPI_RELEASE", "http://127.0.0.1:9/pypi/{project}/{version}/json")
    asked: list[str] = []
    real = docsources.sdist_url
    monkeypatch.setattr(docsources, "sdist_url", lambda project, version: asked.append(project) or real(project, version))
    write(tmp_path, GOOD)
    result = lint_bank(tmp_path)
    assert result.ok and asked == ["sqlalchemy"]
    [note] = result.notes
    assert "could not reach PyPI (http://127.0.0.1:9/pypi/sqlalchemy/" in note and "alembic" in note
