"""The proof view: statements grouped under the proof line that sent them, compared across backends."""

from __future__ import annotations

from typing import Any

from verifiers.proofview import build_proof_view, option_lines
from verifiers.proofview.sqltext import comparable, scrub, shorten_lists, tidy

SOURCE = '''def prove(lab):
    create(lab)
    with lab.capture() as seen:
        run(lab)
    lab.fact("n", 1)
    return {"A": True, "B": seen.count("SELECT") == 1}
'''


def stmt(seq: int, text: str, line: int | None, phase: str, kind: str = "SELECT") -> dict[str, Any]:
    return {"seq": seq, "connection": "main#1", "kind": kind, "statement": text, "parameters": None,
            "executemany": False, "line": line, "phase": phase}


def record(sql: list[dict[str, Any]], facts: list[dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
    return {"sql": sql, "facts": facts or [], **more}


def test_paramstyles_and_casts_compare_equal_and_real_differences_do_not() -> None:
    same = ["SELECT a FROM t WHERE id = ?", "SELECT a FROM t WHERE id = %s", "SELECT a FROM t WHERE id = %(id_1)s",
            "SELECT a FROM t WHERE id = %(id_1)s::INTEGER", "SELECT a FROM t WHERE id = :id_1"]
    assert len({comparable(s) for s in same}) == 1
    assert comparable("INSERT INTO t (a) VALUES (?)") != comparable("INSERT INTO t (a) VALUES (?) RETURNING t.id")


def test_long_lists_are_shortened_with_their_count_and_layout_is_kept() -> None:
    assert shorten_lists("SELECT 1 WHERE id IN (" + ", ".join(["?"] * 500) + ")") == \
        "SELECT 1 WHERE id IN (?, ?, ?, … 500 items in all)"
    assert shorten_lists("WHERE id IN (?, ?)") == "WHERE id IN (?, ?)"
    assert "40 rows in all" in shorten_lists("INSERT INTO t (a, b) VALUES " + ", ".join(["(?, ?)"] * 40))
    assert tidy("\nCREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n") == \
        "CREATE TABLE t (\n\tid INTEGER NOT NULL,\n\tPRIMARY KEY (id)\n)"


def test_harness_names_are_scrubbed() -> None:
    assert scrub("DROP SCHEMA proofbank_1733380000_ab12_123_q149 CASCADE") == "DROP SCHEMA lab CASCADE"
    assert "proofbank_" not in scrub("role proofbank_odd_leftover")


def test_statements_sit_under_their_line_by_phase_shared_or_side_by_side() -> None:
    records = {
        "sqlite": record([stmt(1, "CREATE TABLE t (id INTEGER)", 2, "setup", "CREATE TABLE"),
                          stmt(2, "SELECT a FROM t WHERE id = ?", 4, "test"),
                          stmt(3, "SELECT 1", None, "setup")], [{"label": "n", "value": 1, "line": 5}]),
        "postgresql": record([stmt(1, "CREATE TABLE t (id SERIAL)", 2, "setup", "CREATE TABLE"),
                              stmt(2, "SELECT a FROM t WHERE id = %(id_1)s::INTEGER", 4, "test")],
                             [{"label": "n", "value": 2, "line": 5}]),
    }
    view = build_proof_view("p.py", SOURCE, records, ["sqlite", "postgresql", "mariadb"])
    assert view.backends == ("sqlite", "postgresql")  # mariadb has no record
    (setup,) = view.lines[1].sql
    assert setup.phase == "setup" and not setup.same and [v.backends for v in setup.variants] == [("sqlite",), ("postgresql",)]
    (test,) = view.lines[3].sql
    assert test.same and test.variants[0].backends == ("sqlite", "postgresql")
    assert test.variants[0].statements[0].text == "SELECT a FROM t WHERE id = ?"
    (other,) = view.other
    assert [v.backends for v in other.variants] == [("sqlite",), ("postgresql",)]
    assert other.variants[1].statements == ()  # postgresql sent nothing there
    (fact,) = view.facts
    assert fact.line == 5 and fact.values == (("sqlite", "1"), ("postgresql", "2")) and fact.differs
    assert view.lines[4].facts == ("n",)


def test_claims_are_gathered_per_backend() -> None:
    claim = {"says": "one row", "where": "explanation", "fact": "n", "expect": 1, "line": 5}
    records = {"sqlite": record([], claims=[{**claim, "observed": [1], "holds": True}]),
               "postgresql": record([], claims=[{**claim, "observed": [2], "holds": False}])}
    (row,) = build_proof_view("p.py", SOURCE, records, ["sqlite", "postgresql"]).claims_in("explanation")
    assert row.observed == (("sqlite", "1"), ("postgresql", "2")) and not row.proved and row.line == 5


def test_each_option_is_decided_on_the_line_of_its_key_in_the_returned_dict() -> None:
    assert option_lines(SOURCE) == {"A": 6, "B": 6}
    assert option_lines("def prove(:\n") == {}
