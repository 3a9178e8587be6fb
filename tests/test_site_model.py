"""The learner pages' model: which questions are verified, what each option was observed to be, the badges."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

import pytest

from verifiers.harness.schema import Question
from verifiers.site.model import QuestionSource, build_site

QUESTION: dict[str, Any] = {
    "id": "toy-count", "domain": "core", "level": "mid", "tags": ["toy", "count"],
    "question": "How many rows? (Select all that apply.)",
    "options": {"A": "One.", "B": "Two.", "C": "At least one.", "D": "None."},
    "answer": ["A", "C"], "explanation": "One row was inserted.",
    "why": {"A": "Right.", "B": "Only one INSERT.", "C": "One is at least one.", "D": "One was inserted."},
    "references": ["https://docs.sqlalchemy.org/en/20/core/connections.html"],
    "sqlalchemy": ">=2.0,<2.2", "backends": ["sqlite", "postgresql"],
}
OBSERVED = {"A": True, "B": False, "C": True, "D": False}


def source(**changes: Any) -> QuestionSource:
    data = {**copy.deepcopy(QUESTION), **changes}
    return QuestionSource(Question.model_validate(data), f"verifiers/{data['domain']}/x.py", "def prove(lab): ...\n")


def record(backend: str, status: str = "passed", question_id: str = "toy-count", domain: str = "core",
           observed: dict[str, bool] | None = None, **changes: Any) -> dict[str, Any]:
    observed = OBSERVED if observed is None else observed
    return {
        "record_version": 2, "id": question_id, "domain": domain, "backend": backend, "status": status,
        "declared": ">=2.0,<2.2", "in_range": True, "key": ["A", "C"], "key_range": ">=2.0,<2.2", "holds": True,
        "options": {k: {"claimed": k in "AC", "observed": v} for k, v in observed.items()},
        "problem": None, "facts": [{"label": "rows", "value": 1}],
        "sql": [{"seq": 2, "connection": "main#1", "kind": "INSERT", "statement": "INSERT INTO t VALUES (?)",
                 "parameters": [1], "executemany": False},
                {"seq": 1, "connection": "main#1", "kind": "BEGIN", "statement": "BEGIN (implicit)",
                 "parameters": None, "executemany": False},
                {"seq": 3, "connection": "main#1", "kind": "COMMIT", "statement": "COMMIT",
                 "parameters": None, "executemany": False}],
        "sqlalchemy_version": "2.1.9", "server_version": f"{backend} 1.0", "python_version": "3.11.7",
        "duration_seconds": 0.01, "recorded_at": f"2026-11-24T10:0{len(backend) % 10}:00+00:00", **changes,
    }


def page_for(records: list[dict[str, Any]], *, question: QuestionSource | None = None, matrix=None,
             version: str = "2.1.9"):
    site = build_site([question or source()], records, matrix, version)
    (page,) = site.pages
    return page


def test_a_question_that_passed_on_every_backend_is_verified_with_its_versions_and_dates() -> None:
    page = page_for([record("sqlite"), record("postgresql")])
    badge = page.badge
    assert badge.verified and badge.label == "VERIFIED"
    assert badge.backends == ("sqlite", "postgresql")
    assert badge.sqlalchemy_versions == ("2.1.9",) and badge.python_versions == ("3.11.7",)
    assert badge.server_versions == ("sqlite 1.0", "postgresql 1.0")
    assert badge.recorded == ("2026-11-24T10:00:00+00:00", "2026-11-24T10:06:00+00:00")


@pytest.mark.parametrize("status", ["failed", "error", "outside"])
def test_a_failed_errored_or_outside_run_makes_the_question_unverified(status: str) -> None:
    page = page_for([record("sqlite"), record("postgresql", status=status)])
    assert not page.badge.verified and page.badge.label == "UNVERIFIED"
    assert f"postgresql: {status}" in page.badge.summary
    assert "Passed on sqlite only" in page.badge.summary
    assert page.badge.backends == ("sqlite",)
    assert [r.status for r in page.runs] == ["passed", status]


def test_a_skipped_backend_has_no_record_and_leaves_the_question_unverified() -> None:
    page = page_for([record("sqlite")])
    assert not page.badge.verified
    assert page.runs[1].status == "missing" and not page.runs[1].has_record
    assert "postgresql: missing" in page.badge.summary


def test_no_records_at_all_is_unverified() -> None:
    page = page_for([])
    assert not page.badge.verified and page.badge.backends == () and page.badge.recorded == ()
    assert all(o.observed == () for o in page.options)


def test_a_record_made_for_another_key_is_stale_not_verified() -> None:
    page = page_for([record("sqlite", key=["A"]), record("postgresql")])
    assert page.runs[0].status == "stale" and "now claims A, C" in page.runs[0].note
    assert not page.badge.verified


def test_a_record_with_other_options_or_another_declared_range_is_stale() -> None:
    fewer = {"A": True, "B": False, "C": True}
    assert page_for([record("sqlite", observed=fewer), record("postgresql")]).runs[0].status == "stale"
    assert page_for([record("sqlite", declared=">=2.0"), record("postgresql")]).runs[0].status == "stale"


def test_a_passed_record_of_a_version_outside_the_range_is_not_verified() -> None:
    page = page_for([record("sqlite", sqlalchemy_version="2.2.0"), record("postgresql")])
    assert page.runs[0].status == "outside" and not page.badge.verified


def test_each_option_shows_the_truth_each_backend_observed() -> None:
    page = page_for([record("sqlite"), record("postgresql", status="failed", observed={**OBSERVED, "B": True})])
    by_letter = {o.letter: o for o in page.options}
    assert by_letter["B"].observed == (("sqlite", False), ("postgresql", True))
    assert by_letter["A"].observed == (("sqlite", True), ("postgresql", True))
    assert [o.letter for o in page.options if o.in_key] == ["A", "C"]


def test_an_errored_run_without_options_shows_no_observed_truth_for_it() -> None:
    page = page_for([record("sqlite"), record("postgresql", status="error", options=None, problem="boom")])
    assert page.options[0].observed == (("sqlite", True),)
    assert page.runs[1].problem == "boom"


def test_runs_count_statements_per_kind_and_the_proof_view_keeps_the_order_sent() -> None:
    page = page_for([record("sqlite")])
    run = page.runs[0]
    assert run.kind_counts == (("BEGIN", 1), ("COMMIT", 1), ("INSERT", 1))
    assert run.facts[0].label == "rows" and run.facts[0].value == "1"
    (group,) = page.proof.other  # these statements carry no proof line
    assert [s.seq for s in group.variants[0].statements] == [1, 2, 3]
    assert group.variants[0].statements[1].parameters == "[1]" and group.variants[0].statements[0].parameters == ""


def test_records_of_deleted_questions_and_undeclared_backends_are_ignored() -> None:
    records = [record("sqlite"), record("postgresql"), record("sqlite", question_id="deleted-question"),
               record("mariadb"), record("sqlite", domain="session")]
    site = build_site([source()], records, None, "2.1.9")
    assert [p.id for p in site.pages] == ["toy-count"]
    assert [r.backend for r in site.pages[0].runs] == ["sqlite", "postgresql"]
    assert site.verified_count == 1


def test_per_version_keys_show_every_range_and_quiz_on_the_reference_version() -> None:
    question = source(question="How many rows?", answer={">=2.0,<2.1": "A", ">=2.1,<2.2": "B"})
    page = page_for([], question=question, version="2.0.40")
    assert page.has_version_keys
    assert [(r.spec, r.letters) for r in page.range_keys] == [(">=2.0,<2.1", ("A",)), (">=2.1,<2.2", ("B",))]
    assert page.key == ("A",) and page.key_version == "2.0.40" and not page.key_note
    assert page_for([], question=question, version="2.1.9").key == ("B",)
    outside = page_for([], question=question, version="2.3.0")
    assert outside.key == ("B",) and "outside this question's range" in outside.key_note


def test_the_matrix_shows_the_versions_a_question_was_verified_on_and_what_changed() -> None:
    cell = {"status": "passed", "in_range": True, "holds": True, "key": ["A", "C"], "observed": ["C", "A"]}
    matrix = {"matrix_version": 1, "python": "3.11.7",
              "runs": [{"sqlalchemy": "2.1.9", "requested": "~=2.1.0", "exit_code": 1},
                       {"sqlalchemy": "2.0.58", "requested": "~=2.0.0", "exit_code": 0}],
              "questions": {"toy-count": {"domain": "core", "declared": ">=2.0,<2.2", "cells": {
                  "2.1.9": {"sqlite": cell, "postgresql": {**cell, "status": "failed", "holds": False}},
                  "2.0.58": {"sqlite": cell, "postgresql": cell}}},
                  "deleted-question": {"domain": "core", "cells": {}}},
              "differences": [{"id": "toy-count", "backends": ["sqlite", "postgresql"], "option": "B",
                               "truth": {"2.1.9": True, "2.0.58": False}},
                              {"id": "other", "backend": "sqlite", "option": "A", "truth": {}}]}
    site = build_site([source()], [], matrix, "2.1.9")
    view = site.pages[0].matrix
    assert view is not None
    assert [row.sqlalchemy for row in view.rows] == ["2.0.58", "2.1.9"]
    assert view.verified_versions == ("2.0.58",)
    assert view.rows[0].cells[0].observed == ("A", "C")
    assert [(d.backends, d.option, d.truth) for d in view.differences] == [
        (("postgresql", "sqlite"), "B", (("2.0.58", False), ("2.1.9", True)))]
    assert [(r.sqlalchemy, r.python) for r in site.matrix_runs] == [("2.0.58", "3.11.7"), ("2.1.9", "3.11.7")]


def test_without_a_matrix_record_the_pages_show_only_the_runs() -> None:
    assert page_for([record("sqlite")]).matrix is None


def test_the_model_does_not_depend_on_the_order_of_its_inputs() -> None:
    other = source(id="another-one", domain="session")
    records = [record("sqlite"), record("postgresql"), record("sqlite", question_id="another-one", domain="session")]
    first = build_site([source(), other], records, None, "2.1.9")
    second = build_site([other, source()], list(reversed(records)), None, "2.1.9")
    assert first == second
    assert [p.id for p in first.pages] == ["toy-count", "another-one"]  # by domain, then id


def test_a_statement_repeated_in_a_row_is_folded_into_one_entry_with_its_count() -> None:
    select = {"connection": "main#1", "kind": "SELECT", "statement": "SELECT * FROM t WHERE id = ?",
              "executemany": False, "line": 1, "phase": "test"}
    sql = [{"seq": 1, "connection": "main#1", "kind": "BEGIN", "statement": "BEGIN (implicit)", "parameters": None,
            "executemany": False, "line": 1, "phase": "test"}]
    sql += [{**select, "seq": n, "parameters": [n]} for n in range(2, 6)]
    sql += [{**select, "seq": 6, "connection": "other#1", "parameters": ["x" * 400]}]
    page = page_for([record("sqlite", sql=sql)])
    (group,) = page.proof.lines[0].sql
    statements = group.variants[0].statements
    assert [(s.seq, s.count, s.last_seq) for s in statements] == [(1, 1, 1), (2, 4, 5), (6, 1, 6)]
    assert page.runs[0].kind_counts == (("SELECT", 5), ("BEGIN", 1))
    assert statements[2].parameters.endswith("… (104 more characters)")


@dataclass(frozen=True)
class Tag:
    name: str
    about: str
    topic: bool


def test_only_topic_tags_are_shown_before_the_answer() -> None:
    vocabulary = {"toy": Tag("toy", "toys", True), "count": Tag("count", "hints at the answer", False)}
    site = build_site([source()], [], None, "2.1.9", vocabulary)
    (page,) = site.pages
    assert page.topic_tags == ("toy",) and page.answer_tags == ("count",)
    assert site.tags == ("toy",)
    without = page_for([])  # no vocabulary: every tag waits for the reveal
    assert without.topic_tags == () and without.answer_tags == ("toy", "count")


def test_pages_have_neutral_names_and_a_title() -> None:
    page = page_for([])
    assert page.slug == "core-" + hashlib.sha256(b"core/toy-count").hexdigest()[:8]
    assert page.url == f"q/{page.slug}.html" and "toy-count" not in page.url
    assert page.title == "How many rows?"
    assert page_for([], question=source(title="Counting the rows of a toy table")).title == \
        "Counting the rows of a toy table"


def test_harness_names_never_reach_a_page() -> None:
    harness = "proofbank_1733380000_ab12_123_q149"
    sql = [{"seq": 1, "connection": "main#1", "kind": "SELECT", "statement": f"SELECT * FROM {harness}.t",
            "parameters": [harness], "executemany": False, "line": 1, "phase": "test"}]
    page = page_for([record("sqlite", sql=sql, facts=[{"label": "schema", "value": harness, "line": 1}],
                           problem=f"table {harness}_reader.t is missing")])
    shown = repr(page.proof) + repr(page.runs)
    assert "proofbank_" not in shown and "lab.t" in shown and "reader.t" in shown


def test_the_releases_a_question_holds_on_show_before_the_answer_and_where_it_changed_only_after() -> None:
    from verifiers.site.build import render_site

    matrix = {"questions": {"toy-count": {"cells": {}, "spans": ["2.0.30–2.1.9"], "changes": []}}}
    history = {"toy-count": {"backends": {"sqlite": {"first_changed": "2.1.0", "options": ["B"],
                                                     "changelog": {"tickets": [10300]}}}}}
    site = build_site([source()], [], matrix, "2.1.9", None, history)
    page = site.pages[0]
    assert page.holds_note == "Holds on SQLAlchemy 2.0.30–2.1.9"
    assert page.change_notes == ("Changed in 2.1.0 (ticket #10300) on sqlite: option B",)
    html = render_site(site)[page.url]
    before, _, after = html.partition('<section id="reveal"')
    assert "Holds on SQLAlchemy 2.0.30–2.1.9" in before and "Changed in 2.1.0" not in before
    assert "Changed in 2.1.0 (ticket #10300) on sqlite: option B" in after
