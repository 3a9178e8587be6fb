"""Building the learner pages: deterministic output, offline assets, readable colours, clear messages."""

from __future__ import annotations

import html

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pygments.styles import get_style_by_name

from verifiers.harness.bank import load_question
from verifiers.site import highlight
from verifiers.site.build import build_project_site, markdown
from verifiers.site.inputs import read_records, reference_version
from verifiers.site.model import page_slug

ROOT = Path(__file__).resolve().parent.parent
QUESTION_ID = "flushed-rows-invisible-to-others"


def proofbank(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "verifiers.harness.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


PLACEHOLDERS = {"sqlite": "?", "postgresql": "%(owner)s::VARCHAR", "mariadb": "%s"}
CREATE_TABLE = {"sqlite": "\nCREATE TABLE account (\n\tid INTEGER NOT NULL, \n\towner VARCHAR(50) NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n",
                "postgresql": "\nCREATE TABLE account (\n\tid SERIAL NOT NULL, \n\towner VARCHAR(50) NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n",
                "mariadb": "\nCREATE TABLE account (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\towner VARCHAR(50) NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n"}


def sql(seq: int, kind: str, statement: str, line: int | None, phase: str, connection: str = "main#1",
        parameters: object = None) -> dict[str, object]:
    return {"seq": seq, "connection": connection, "kind": kind, "statement": statement, "parameters": parameters,
            "executemany": False, "line": line, "phase": phase}


def fake_records(folder: Path, status: str = "passed") -> Path:
    """A record (version 3) for one real question on every backend, as the harness writes them."""
    for backend in ("sqlite", "postgresql", "mariadb"):
        path = folder / "session" / QUESTION_ID / f"{backend}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({
            "record_version": 3, "id": QUESTION_ID, "domain": "session", "backend": backend, "status": status,
            "declared": ">=2.0.30,<2.2", "in_range": True, "key": ["B", "C"], "key_range": ">=2.0.30,<2.2",
            "holds": True,
            "options": {k: {"claimed": k in "BC", "observed": k in "BC"} for k in "ABCDE"}, "problem": None,
            "facts": [{"label": "rows another connection counts", "value": 0, "line": 35},
                      {"label": "server", "value": backend, "line": 33}],
            "claims": [{"says": "another connection counts 0 until commit", "where": "why.D",
                        "fact": "rows another connection counts", "expect": 0, "observed": [0], "holds": True,
                        "line": 35}],
            "sql": [sql(1, "BEGIN", "BEGIN (implicit)", 25, "setup"),
                    sql(2, "CREATE TABLE", CREATE_TABLE[backend], 25, "setup"),
                    sql(3, "COMMIT", "COMMIT", 25, "setup"),
                    sql(4, "INSERT", f"INSERT INTO account (owner) VALUES ({PLACEHOLDERS[backend]})", 31, "test",
                        parameters=["ada"]),
                    sql(5, "SELECT", "SELECT count(*) AS count_1 \nFROM account", 21, "observe", "other#1"),
                    sql(6, "SELECT", "SELECT 1 FROM proofbank_1733380000_ab12_123_q149.probe", None, "setup")],
            "sqlalchemy_version": "2.1.9", "server_version": f"{backend} 1", "python_version": "3.11.7",
            "duration_seconds": 0.01, "recorded_at": "2026-11-24T10:00:00+00:00"}), encoding="utf-8")
    return folder


def question_page(site: Path, question_id: str = QUESTION_ID, domain: str = "session") -> str:
    return (site / "q" / f"{page_slug(domain, question_id)}.html").read_text(encoding="utf-8")


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
    page = question_page(tmp_path / "site")
    assert ">VERIFIED<" in page
    assert 'data-key="B,C"' in page
    assert "rows another connection counts" in page
    assert "INSERT × 1" in page
    assert "flushed_rows_invisible_to_others" in page and 'class="proof-view hl"' in page
    assert re.search(r"<fieldset>\s*<legend>Choose every option that holds</legend>", page)
    other = question_page(tmp_path / "site", "savepoint-rollback-scope")
    assert ">UNVERIFIED<" in other and ">VERIFIED<" not in other


def proof_part(page: str) -> str:
    return page.split('<h2 id="proof">', 1)[1]


def test_each_statement_is_under_the_proof_line_that_sent_it(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    proof = proof_part(question_page(tmp_path / "site"))
    line_31, after = proof.split('id="L31"', 1)[1].split('id="L32"', 1)
    assert "session.flush()" in re.sub(r"<[^>]+>", "", line_31.split("</div>", 1)[0])
    # one statement, sent in three paramstyles, is shown once with the backends that sent it
    assert 'class="line-sql phase-test"' in line_31 and "sqlite, postgresql, mariadb" in line_31
    assert line_31.count('class="stmt"') == 1 and "%(owner)s" not in line_31
    # what the second connection saw sits under the helper's line, marked as an observation
    assert 'class="line-sql phase-observe"' in proof.split('id="L21"', 1)[1].split('id="L22"', 1)[0]
    assert "Other statements" in proof and "probe" in proof


def test_setup_is_folded_and_differences_are_side_by_side_in_sqlalchemys_layout(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    line_25 = proof_part(question_page(tmp_path / "site")).split('id="L25"', 1)[1].split('id="L26"', 1)[0]
    assert "<details><summary>" in line_25 and "3 statements: BEGIN, CREATE TABLE, COMMIT" in line_25
    assert "differs per backend" in line_25 and line_25.count('class="variant"') == 3
    assert "AUTO_INCREMENT" in line_25 and "SERIAL" in line_25
    # the DDL keeps SQLAlchemy's own line breaks and tab indents: no re-indenting staircase
    ddl = re.sub(r"<[^>]+>", "", line_25.split("SERIAL", 1)[0].rsplit("<pre", 1)[1].split(">", 1)[1])
    assert ddl == "CREATE TABLE account (\n\tid "


def test_facts_are_one_table_with_a_column_per_backend_linked_to_their_lines(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    table = question_page(tmp_path / "site").split('class="facts-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<th scope=\"col\">sqlite</th><th scope=\"col\">postgresql</th><th scope=\"col\">mariadb</th>",
                     table)
    assert 'href="#L35"' in table and 'href="#L33"' in table
    rows = table.split("<tr")
    differing = [r for r in rows if 'class="differs"' in r]
    assert len(differing) == 1 and "server" in differing[0]


def test_proved_sentences_are_marked_and_link_to_their_proof_line(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    page = question_page(tmp_path / "site")
    review_d = page.split('id="review-D"', 1)[1].split("</li>", 1)[0]
    assert re.search(r'<span class="claim-mark proved">another connection counts 0 until commit</span> '
                     r'<a class="proof-ref" href="#L35"', review_d)
    assert "observed 0 on sqlite, postgresql, mariadb" in review_d
    assert 'href="#L44">decided by proof line 44' in review_d  # options are always proved


def test_failed_records_are_shown_unverified(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records", status="failed"), None)
    page = question_page(tmp_path / "site")
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
    pages = list((out / "q").glob("*.html"))
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
    cell = {"status": "passed", "in_range": True, "holds": True, "key": ["B", "C"], "observed": ["B", "C"],
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
    page = question_page(tmp_path / "site")
    assert "Version matrix: verified on SQLAlchemy 2.0.58." in page
    assert "Option D on postgresql changed between versions: 2.0.58 does not hold; 2.1.9 holds." in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "2.0.58 (Python 3.11.7)" in index
    before_reveal = page.split('id="reveal"', 1)[0]
    assert "observed" not in before_reveal and "changed between versions" not in before_reveal, \
        "the page gives the answer away before the learner asks for it"


def test_nothing_before_the_reveal_gives_the_answer_away(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    ids = {p.stem: p.parent.name for p in (ROOT / "bank").glob("*/*.yaml")}
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    exam_data = (tmp_path / "site" / "data" / "questions.js").read_text(encoding="utf-8")
    pages = sorted((tmp_path / "site" / "q").glob("*.html"))
    assert len(pages) == len(ids)
    for question_id, domain in ids.items():
        slug = page_slug(domain, question_id)
        assert re.fullmatch(rf"{domain}-[0-9a-f]{{8}}", slug)
        assert (tmp_path / "site" / "q" / f"{slug}.html").is_file()
        assert f'"url":"q/{slug}.html"' in exam_data
        assert f"{question_id}" not in index, f"the index names {question_id}, which often states the answer"
    for path in pages:
        page = path.read_text(encoding="utf-8")
        before_reveal = re.sub(r'data-key="[^"]*"', "", page.split('id="reveal"', 1)[0])  # the script's copy of the key
        question_id = next(i for i, d in ids.items() if path.stem == page_slug(d, i))
        assert question_id not in before_reveal, f"{path.name}: the id, which often states the answer, is shown"
        assert question_id in page.split('id="reveal"', 1)[1], f"{path.name}: the id is not shown after checking"
        assert "observed" not in before_reveal.lower(), f"{path.name}: observed truths shown before the reveal"
        assert "proofbank_" not in page, f"{path.name}: shows a harness name"
        title = re.search(r"<title>(.*) · Proofbank</title>", page).group(1)
        assert title and f"<h1>{title}</h1>" in page


def test_the_index_and_titles_use_the_question_title(tmp_path: Path) -> None:
    build_project_site(ROOT, tmp_path / "site", fake_records(tmp_path / "records"), None)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    page = question_page(tmp_path / "site")
    declared = load_question(ROOT / "bank" / "session" / f"{QUESTION_ID}.yaml").question.title
    # a question's own title; where a file has none yet, the first sentence of the stem, cut to 90 characters
    title = html.escape(declared, quote=False) if declared else (
        "A new Account is passed to session.add() and then session.flush() is called …")
    assert f"<h1>{title}</h1>" in page and f"<title>{title} · Proofbank</title>" in page
    assert f'href="q/{page_slug("session", QUESTION_ID)}.html">{title}</a>' in index
