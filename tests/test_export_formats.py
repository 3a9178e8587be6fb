"""Every export format, read back with a reader independent of the exporter and compared with the bank question by question.

Readers: the csv module (Udemy), xml.etree (Moodle XML, and QTI inside its zip),
a small GIFT reader written here (GIFT), sqlite3 on the collection inside the .apkg (Anki). Text is
compared by the words a reader sees (tags, entities and Markdown marks dropped)
and code blocks character for character.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from exportbank import (SITE, code_blocks_html, code_blocks_markdown, html_words, make_bank, markdown_words, page_of,
                        prove_all)

from verifiers.harness.bank import iter_question_paths, load_question
from verifiers.harness.cli import main
from verifiers.harness.schema import Question

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@dataclass
class ReadBack:
    """One question as a format's reader sees it. Text fields are as the format holds them (HTML or Markdown)."""

    domain: str
    id: str
    title: str | None
    stem: str
    options: list[str]
    whys: list[str]
    correct: list[str]
    multiple: bool
    feedback: str
    level: str | None = None
    tags: list[str] | None = None


def export(root: Path, fmt: str, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["export", "--root", str(root), "--format", fmt, "--out", str(out),
                                       "--site-url", SITE, *extra])
    assert result.exit_code == 0, result.output
    return result.output


# The readers -----------------------------------------------------------------------------------------------

def read_udemy(path: Path, bank: list[Question]) -> list[ReadBack]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    found = []
    for row, q in zip(rows, bank, strict=True):  # the CSV has no id column: rows are in bank order
        count = sum(1 for n in range(1, 7) if row[f"Answer Option {n}"])
        found.append(ReadBack(
            domain=row["Domain"], id=q.id, title=None, stem=row["Question"],
            options=[row[f"Answer Option {n}"] for n in range(1, count + 1)],
            whys=[row[f"Explanation {n}"] for n in range(1, count + 1)],
            correct=["ABCDEF"[int(n) - 1] for n in row["Correct Answers"].split(",")],
            multiple={"multi-select": True, "multiple-choice": False}[row["Question Type"]],
            feedback=row["Overall Explanation"]))
    return found


def read_moodle(path: Path, bank: list[Question]) -> list[ReadBack]:
    quiz = ET.parse(path).getroot()
    assert quiz.tag == "quiz"
    found, category = [], None
    for element in quiz.findall("question"):
        if element.get("type") == "category":
            category = element.findtext("category/text")
            continue
        assert element.get("type") == "multichoice"
        domain, question_id = element.findtext("idnumber").split("/")
        assert category == f"$course$/top/Proofbank/{domain}"
        answers = element.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        single = element.findtext("single") == "true"
        if single:
            assert sorted(fractions)[-1] == 100 and fractions.count(100) == 1
        else:
            assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01
            assert all(abs(f - min(fractions)) < 0.01 for f in fractions if f < 0)
        tags = [t.findtext("text") for t in element.findall("tags/tag")]
        found.append(ReadBack(
            domain=domain, id=question_id, title=element.findtext("name/text"),
            stem=element.findtext("questiontext/text"), options=[a.findtext("text") for a in answers],
            whys=[a.findtext("feedback/text") for a in answers],
            correct=["ABCDEF"[i] for i, f in enumerate(fractions) if f > 0], multiple=not single,
            feedback=element.findtext("generalfeedback/text"), level=tags[1], tags=tags[2:]))
        assert tags[0] == domain
    return found


def gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def find_unescaped(text: str, token: str, start: int = 0) -> int:
    """Where ``token`` next stands in GIFT ``text`` outside an escape (a backslash and the character after it)."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(token, i):
            return i
        else:
            i += 1
    return -1


def unescaped_positions(text: str, characters: str) -> list[int]:
    """Every position of one of ``characters`` in GIFT ``text`` that is not escaped."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in characters:
            found.append(i)
        i += 1
    return found


def read_gift(path: Path, bank: list[Question]) -> list[ReadBack]:
    """A small GIFT reader written for this test (pygiftparser ends an answer block at an escaped brace)."""
    found, category = [], None
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8")):
        comment = re.search(r"^// (\w+)/([\w-]+);", block, flags=re.M)
        source = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("//")).strip()
        if source.startswith("$CATEGORY:"):
            category = source.removeprefix("$CATEGORY:").strip()
            continue
        if not source:
            continue
        assert source.startswith("::"), source
        title_end = find_unescaped(source, "::", 2)
        title, rest = source[2:title_end], source[title_end + 2:]
        assert rest.startswith("[html]")
        rest = rest.removeprefix("[html]")
        opening = find_unescaped(rest, "{")
        closing = find_unescaped(rest, "}", opening)
        assert rest[closing + 1:].strip() == "", "text after the answer block"
        stem, answers = rest[:opening], rest[opening + 1:closing]
        general_at = find_unescaped(answers, "####")
        general = answers[general_at + 4:].strip()
        answers = answers[:general_at]
        marks = unescaped_positions(answers, "=~")
        options, whys, fractions = [], [], []
        for at, end in zip(marks, marks[1:] + [len(answers)]):
            sign, body = answers[at], answers[at + 1:end].strip()
            fraction = 100.0 if sign == "=" else 0.0
            if body.startswith("%"):
                fraction, body = float(body[1:body.index("%", 1)]), body[body.index("%", 1) + 1:]
            feedback_at = find_unescaped(body, "#")
            options.append(gift_unescape(body[:feedback_at]))
            whys.append(gift_unescape(body[feedback_at + 1:]))
            fractions.append(fraction)
        domain, question_id = comment.groups()
        assert category == f"$course$/top/Proofbank/{domain}"
        multiple = any(0 < f < 100 for f in fractions)
        if multiple:
            assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01
        found.append(ReadBack(
            domain=domain, id=question_id, title=gift_unescape(title), stem=gift_unescape(stem),
            options=options, whys=whys, correct=["ABCDEF"[i] for i, f in enumerate(fractions) if f > 0],
            multiple=multiple, feedback=gift_unescape(general)))
    return found


def read_qti(path: Path, bank: list[Question]) -> list[ReadBack]:
    with zipfile.ZipFile(path) as package:
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        resources = manifest.findall(f"{CP}resources/{CP}resource")
        assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"]
        href = resources[0].get("href")
        assert [f.get("href") for f in resources[0].findall(f"{CP}file")] == [href]
        assessment = ET.fromstring(package.read(href))
    found = []
    for section in assessment.iter(f"{QTI}section"):
        for item in section.findall(f"{QTI}item"):
            # QTI 1.2 orders an item's parts: metadata, presentation, response processing, then feedback.
            order = ["itemmetadata", "presentation", "resprocessing", "itemfeedback"]
            parts = [child.tag.removeprefix(QTI) for child in item]
            assert parts == sorted(parts, key=order.index), parts
            meta = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                    for f in item.iter(f"{QTI}qtimetadatafield")}
            domain, question_id = item.get("ident").split("-", 1)
            assert section.get("title") == domain == meta["domain"]
            lid = item.find(f"{QTI}presentation/{QTI}response_lid")
            labels = lid.findall(f"{QTI}render_choice/{QTI}response_label")
            letters = [label.get("ident") for label in labels]
            feedback = {fb.get("ident"): fb.findtext(f".//{QTI}mattext") for fb in item.findall(f"{QTI}itemfeedback")}
            scoring = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
            assert len(scoring) == 1 and scoring[0].findtext(f"{QTI}setvar") == "100"
            condition = scoring[0].find(f"{QTI}conditionvar")
            negated = {v.text for v in condition.iter(f"{QTI}not") for v in v.iter(f"{QTI}varequal")}
            correct = [v.text for v in condition.iter(f"{QTI}varequal") if v.text not in negated]
            multiple = lid.get("rcardinality") == "Multiple"
            assert meta["question_type"] == ("multiple_answers_question" if multiple else "multiple_choice_question")
            if multiple:  # every option is named: the right ones chosen, the others not
                assert sorted(correct + sorted(negated)) == letters
            found.append(ReadBack(
                domain=domain, id=question_id, title=item.get("title"),
                stem=item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext"),
                options=[label.findtext(f".//{QTI}mattext") for label in labels],
                whys=[feedback[f"{letter}_fb"] for letter in letters], correct=sorted(correct), multiple=multiple,
                feedback=feedback["general_fb"], level=meta["level"], tags=meta["tags"].split(",")))
    return found


def read_anki(path: Path, bank: list[Question], tmp: Path) -> list[ReadBack]:
    with zipfile.ZipFile(path) as package:
        package.extract("collection.anki2", tmp)
    with sqlite3.connect(tmp / "collection.anki2") as db:
        notes = db.execute("SELECT flds, tags, guid FROM notes ORDER BY sfld").fetchall()
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
        card_decks = dict(db.execute("SELECT n.flds, c.did FROM cards c JOIN notes n ON n.id = c.nid").fetchall())
    names = {int(k): v["name"] for k, v in decks.items()}
    found = []
    for fields_text, tags, _guid in notes:
        question_id, title, stem, options, key, whys, explanation, about = fields_text.split("\x1f")
        domain, question_id = question_id.split("/")
        assert names[card_decks[fields_text]] == f"Proofbank (SQLAlchemy)::{domain}"
        tag_list = tags.split()
        assert tag_list[0] == domain
        found.append(ReadBack(
            domain=domain, id=question_id, title=title,
            stem=stem, options=re.findall(r"<li><b>[A-F]\.</b> (.*?)</li>", options),
            whys=re.findall(r"<li><b>[A-F]</b> \((?:right|wrong)\): (.*?)</li>", whys, flags=re.S),
            correct=key.split(", "), multiple="choose all that apply" in options,
            feedback=explanation + about, level=tag_list[1], tags=tag_list[2:]))
    return sorted(found, key=lambda r: (r.domain, r.id))


# The comparison ----------------------------------------------------------------------------------------------

def bank_questions(root: Path) -> list[Question]:
    questions = [load_question(p).question for p in iter_question_paths(root / "bank")]
    return sorted(questions, key=lambda q: (q.domain, q.id))


def assert_same(read: list[ReadBack], bank: list[Question], version: str, html: bool) -> None:
    words = html_words if html else (lambda text: " ".join(text.split()))
    bank_words = markdown_words if html else (lambda text: " ".join(text.split()))
    assert [(r.domain, r.id) for r in read] == [(q.domain, q.id) for q in bank]
    for r, q in zip(read, bank):
        assert words(r.stem) == bank_words(q.question), q.id
        blocks = code_blocks_html(r.stem) if html else code_blocks_markdown(r.stem)
        assert blocks == code_blocks_markdown(q.question), q.id  # code stays code, character for character
        assert [words(o) for o in r.options] == [bank_words(o) for o in q.options.values()], q.id
        assert [words(w) for w in r.whys] == [bank_words(w) for w in q.why.values()], q.id
        assert r.correct == sorted(q.key_for(version)), q.id
        assert r.multiple == ("select all that apply" in q.question.lower()), q.id
        assert bank_words(q.explanation) in words(r.feedback), q.id
        for url in q.references:
            assert url in r.feedback, q.id
        assert "Answer proved on sqlite" in r.feedback and f"SQLAlchemy {version}" in r.feedback, q.id
        assert page_of(q.domain, q.id) in r.feedback, q.id
        assert f"level: {q.level}" in words(r.feedback), q.id
        if r.title is not None:
            assert r.title == (q.title or "Which statements hold after a commit?"), q.id
        if r.level is not None:
            assert (r.level, r.tags) == (q.level, list(q.tags)), q.id


FORMATS = ["udemy-csv", "moodle-xml", "gift", "qti", "anki"]


@pytest.mark.parametrize("version", ["2.0.40", "2.1.9"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp_path: Path, fmt: str, version: str) -> None:
    root = tmp_path / "project"
    make_bank(root)
    prove_all(root, version)
    out = tmp_path / f"export-{fmt}"
    export(root, fmt, out, "--sqlalchemy", version)
    bank = bank_questions(root)
    readers = {"udemy-csv": read_udemy, "moodle-xml": read_moodle, "gift": read_gift, "qti": read_qti,
               "anki": lambda path, bank: read_anki(path, bank, tmp_path)}
    read = readers[fmt](out, bank)
    assert_same(read, bank, version, html=fmt != "udemy-csv")


def test_the_version_picks_the_key(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_bank(root)
    prove_all(root, "2.0.40")
    prove_all(root, "2.1.9")  # the latest run is the one that counts: now 2.1.9 on every backend
    export(root, "moodle-xml", tmp_path / "new.xml", "--sqlalchemy", "2.1.9")
    read = {r.id: r for r in read_moodle(tmp_path / "new.xml", bank_questions(root))}
    assert read["several-right-by-version"].correct == ["A", "C", "F"]
    result = CliRunner().invoke(main, ["export", "--root", str(root), "--format", "gift", "--out",
                                       str(tmp_path / "old.gift"), "--sqlalchemy", "2.0.40"])
    # Its latest runs (2.1.9) prove nothing about the 2.0 key; the others' one range holds both versions.
    assert result.exit_code == 0, result.output
    assert "session/several-right-by-version: sqlite: the latest run was on SQLAlchemy 2.1.9, outside >=2.0.30,<2.1" \
        in result.output
    assert "Wrote 2 questions" in result.output


def test_udemy_csv_layout(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_bank(root)
    prove_all(root)
    export(root, "udemy-csv", tmp_path / "out.csv")
    raw = (tmp_path / "out.csv").read_bytes()
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert header == (["Question", "Question Type"]
                      + [c for n in range(1, 7) for c in (f"Answer Option {n}", f"Explanation {n}")]
                      + ["Correct Answers", "Overall Explanation", "Domain"])
    assert raw.count(b"\r\n") >= 4  # one record per question; newlines inside cells are quoted


def test_gift_escapes_every_special_character(tmp_path: Path) -> None:
    from verifiers.export.gift import escape

    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    root = tmp_path / "project"
    make_bank(root)
    prove_all(root)
    export(root, "gift", tmp_path / "out.gift")
    text = (tmp_path / "out.gift").read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip() and not b.startswith("$CATEGORY")]
    assert len(blocks) == 3  # a blank line ends a GIFT question: none inside one
    unescaped = re.sub(r"\\.", "", text)
    body = "\n".join(line for line in unescaped.splitlines() if not line.startswith(("//", "$CATEGORY")))
    # Left after removing escapes: only the syntax itself (the title's ::, one { and }, the answer marks, #, ####).
    assert body.count("{") == body.count("}") == 3


def test_anki_notes_keep_stable_guids(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_bank(root)
    prove_all(root)
    guids = []
    for n in range(2):
        out = tmp_path / f"deck{n}.apkg"
        export(root, "anki", out)
        with zipfile.ZipFile(out) as package:
            package.extract("collection.anki2", tmp_path / str(n))
        with sqlite3.connect(tmp_path / str(n) / "collection.anki2") as db:
            guids.append(sorted(g for (g,) in db.execute("SELECT guid FROM notes")))
    assert guids[0] == guids[1] and len(set(guids[0])) == 3


def test_qti_and_xml_exports_are_byte_identical_when_repeated(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_bank(root)
    prove_all(root)
    for fmt in ("qti", "moodle-xml", "gift", "udemy-csv"):
        export(root, fmt, tmp_path / "a")
        export(root, fmt, tmp_path / "b")
        assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes(), fmt
