"""Building the learner pages: deterministic output, offline assets, readable colours, clear messages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pygments.styles import get_style_by_name

from verifiers.site import highlight
from verifiers.site.build import build_project_site, markdown
from verifiers.site.inputs import read_records, reference_version

ROOT = Path(__file__).resolve().parent.parent
QUESTION_ID = "flushed-rows-invisible-to-others"


def proofbank(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "verifiers.harness.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def fake_records(folder: Path, status: str = "passed") -> Path:
    """A record for one real question on every backend, as the harness writes them."""
    for backend in ("sqlite", "postgresql", "mariadb"):
        path = folder / "session" / QUESTION_ID / f"{backend}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({
            "record_version": 2, "id": QUESTION_ID, "domain": "session", "backend": backend, "status": status,
            "declared": ">=2.0,<2.2", "in_range": True, "key": ["A", "C"], "key_range": ">=2.0,<2.2", "holds": True,
            "options": {k: {"claimed": k in "AC", "observed": k in "AC"} for k in "ABCDE"}, "problem": None,
            "facts": [{"label": "rows another connection counts", "value": 0}],
            "sql": [{"seq": 1, "connection": "main#1", "kind": "INSERT",
                     "statement": "INSERT INTO account (owner) VALUES (?)", "parameters": ["ada"], "executemany": False}],
            "sqlalchemy_version": "2.1.9", "server_version": f"{backend} 1", "python_version": "3.11.7",
            "duration_seconds": 0.01, "recorded_at": "2026-11-24T10:00:00+00:00"}), encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_building_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    records = fake_records(tmp_path / "records")
    first = build_project_site(ROOT, tmp_path / "one", records, None)
    second = build_project_site(ROOT, tmp_path / "two", records, None)
    assert first.pages == second.pages >= 15
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    build_project_site(ROOT, tmp_path / "one", records, None)  # over a previous build
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_site_requests_nothing_from_the_network(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    for name, content in tree(tmp_path / "site").items():
        text = content.decode("utf-8")
        loaded = re.findall(r'(?:src|href)="([^"]+)"', text) if name.endswith(".html") else []
        # Links to the documentation are fine; anything the browser would load itself must be local.
        assets = re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"', text)
        assert all(not re.match(r"^(https?:)?//", a) for a in assets), f"{name} loads {assets}"
        assert "@import" not in text and "url(http" not in text, name
        assert all(not u.startswith("//") for u in loaded), name


def test_a_question_page_shows_the_badge_proof_sql_and_facts(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    page = (tmp_path / "site" / "questions" / f"{QUESTION_ID}.html").read_text(encoding="utf-8")
    assert ">VERIFIED<" in page
    assert 'data-key="A,C"' in page
    assert "rows another connection counts" in page
    assert "INSERT" in page and "account" in page and "INSERT × 1" in page
    assert "flushed_rows_invisible_to_others" in page and 'class="hl"' in page
    assert re.search(r"<fieldset>\s*<legend>Choose every option that holds</legend>", page)
    other = (tmp_path / "site" / "questions" / "savepoint-rollback-scope.html").read_text(encoding="utf-8")
    assert ">UNVERIFIED<" in other and ">VERIFIED<" not in other


def test_failed_records_are_shown_unverified(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records", status="failed"), None)
    page = (tmp_path / "site" / "questions" / f"{QUESTION_ID}.html").read_text(encoding="utf-8")
    assert ">UNVERIFIED<" in page and ">VERIFIED<" not in page


def test_records_that_are_not_json_or_were_moved_are_left_out(tmp_path: Path) -> None:
    records = fake_records(tmp_path / "records")
    (records / "session" / QUESTION_ID / "sqlite.json").write_text("{not json", encoding="utf-8")
    moved = records / "core" / QUESTION_ID / "postgresql.json"
    moved.parent.mkdir(parents=True)
    shutil.copy(records / "session" / QUESTION_ID / "postgresql.json", moved)
    found, unreadable = read_records(records)
    assert [(r["domain"], r["backend"]) for r in found] == [("session", "mariadb"), ("session", "postgresql")]
    assert [p.name for p in unreadable] == ["sqlite.json"]


def test_the_reference_version_is_the_one_most_records_ran_with() -> None:
    records = [{"sqlalchemy_version": v} for v in ("2.0.58", "2.1.9", "2.1.9")]
    assert reference_version(records, "2.0.1") == "2.1.9"
    assert reference_version([{"sqlalchemy_version": "2.0.9"}, {"sqlalchemy_version": "2.0.10"}], "x") == "2.0.10"
    assert reference_version([], "2.0.1") == "2.0.1"


def test_markdown_escapes_html_in_question_text() -> None:
    html = markdown("A `<b>` tag and <script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<code>&lt;b&gt;</code>" in html


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_highlighting_colour_meets_wcag_aa_on_its_background() -> None:
    style = get_style_by_name(highlight.STYLE)
    background = style.background_color
    for token, rule in style:
        if rule["color"]:
            ratio = contrast("#" + rule["color"], "#" + rule["bgcolor"] if rule["bgcolor"] else background)
            assert ratio >= 4.5, f"{token} in {highlight.STYLE} has contrast {ratio:.2f}"


def test_the_page_colours_meet_wcag_aa() -> None:
    css = (ROOT / "verifiers/site/static/site.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    pairs = [("text", "background"), ("muted", "background"), ("muted", "panel"), ("link", "background"),
             ("link", "panel"), ("text", "panel"), ("verified-text", "verified-background"),
             ("unverified-text", "unverified-background"), ("verified-text", "background"),
             ("unverified-text", "background"), ("button-text", "button-background"),
             ("button-background", "background"), ("link", "verified-background"), ("text", "unverified-background")]
    for fore, back in pairs:
        ratio = contrast(colours[fore], colours[back])
        assert ratio >= 4.5, f"--{fore} on --{back}: contrast {ratio:.2f}"


def test_the_command_without_records_builds_everything_unverified_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = proofbank("site", "--out", str(out), "--records", str(tmp_path / "nothing-here"))
    assert result.returncode == 0, result.stderr
    assert "no run records at" in result.stderr and "every question is shown UNVERIFIED" in result.stderr
    assert "0 verified" in result.stdout and (out / "index.html").as_uri() in result.stdout
    pages = list((out / "questions").glob("*.html"))
    assert pages and all(">UNVERIFIED<" in p.read_text(encoding="utf-8") for p in pages)


def test_the_command_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    result = proofbank("site", "--out", str(tmp_path))
    assert result.returncode != 0 and "was not written by `proofbank site`" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_a_broken_matrix_record_is_ignored_with_a_note(tmp_path: Path) -> None:
    matrix = tmp_path / "matrix.json"
    matrix.write_text("[1, 2", encoding="utf-8")
    result = build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), matrix)
    assert any("ignored the matrix record" in note for note in result.notes)


def test_templates_and_static_files_are_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"verifiers.site" = ["templates/*.html.j2", "static/*.css", "static/*.js"]' in pyproject
    assert sorted(p.name for p in (ROOT / "verifiers/site/static").iterdir()) == ["exam.js", "site.css", "site.js"]


@pytest.mark.parametrize("name", ["site.js", "exam.js"])
def test_scripts_never_fetch_from_the_network(name: str) -> None:
    script = (ROOT / "verifiers/site/static" / name).read_text(encoding="utf-8")
    assert "http" not in script and "fetch(" not in script and "XMLHttpRequest" not in script


def test_the_readme_shows_a_screenshot_that_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", readme)
    assert images, "the README shows no screenshot"
    for alt, path in images:
        assert alt.strip() and (ROOT / path).is_file(), path


def test_with_a_matrix_record_a_page_names_the_versions_it_was_verified_on(tmp_path: Path) -> None:
    cell = {"status": "passed", "in_range": True, "holds": True, "key": ["A", "C"], "observed": ["A", "C"],
            "server_version": "x"}
    matrix = tmp_path / "matrix.json"
    matrix.write_text(json.dumps({
        "matrix_version": 1, "generated_at": "2026-11-24T23:30:00+00:00", "python": "3.11.7",
        "runs": [{"sqlalchemy": "2.0.58", "requested": "~=2.0.0", "exit_code": 0},
                 {"sqlalchemy": "2.1.9", "requested": "~=2.1.0", "exit_code": 0}],
        "questions": {QUESTION_ID: {"domain": "session", "declared": ">=2.0,<2.2", "cells": {
            "2.0.58": {b: cell for b in ("sqlite", "postgresql", "mariadb")},
            "2.1.9": {"sqlite": cell, "postgresql": {**cell, "status": "failed", "holds": False}, "mariadb": cell}}}},
        "differences": [{"id": QUESTION_ID, "option": "D", "backends": ["postgresql"],
                         "truth": {"2.0.58": False, "2.1.9": True}}]}), encoding="utf-8")
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), matrix)
    page = (tmp_path / "site" / "questions" / f"{QUESTION_ID}.html").read_text(encoding="utf-8")
    assert "Version matrix: verified on SQLAlchemy 2.0.58." in page
    assert "Option D on postgresql changed between versions: 2.0.58 does not hold; 2.1.9 holds." in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "2.0.58 (Python 3.11.7)" in index
    before_reveal = page.split('id="reveal"', 1)[0]
    assert "observed" not in before_reveal and "changed between versions" not in before_reveal, \
        "the page gives the answer away before the learner asks for it"


def test_nothing_before_the_reveal_gives_the_answer_away(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    for path in sorted((tmp_path / "site" / "questions").glob("*.html")):
        page = path.read_text(encoding="utf-8")
        before_reveal = re.sub(r'data-key="[^"]*"', "", page.split('id="reveal"', 1)[0])  # the script's copy of the key
        question_id = path.stem
        assert f"<h1>{question_id}</h1>" not in before_reveal and f"<title>{question_id}" not in before_reveal, \
            f"{path.name}: the id, which often states the answer, is shown before the reveal"
        assert "observed" not in before_reveal.lower(), f"{path.name}: observed truths shown before the reveal"
