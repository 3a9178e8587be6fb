"""The proof API's new pieces: statement lines and phases, lab.attempt, and neutral names in records."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, SQLAlchemyError

from verifiers.harness.attempt import attempt
from verifiers.harness.backends.naming import RunTag, neutral_names
from verifiers.harness.capture import Transcript

metadata = MetaData()
thing = Table("thing", metadata, Column("id", Integer, primary_key=True))


def line_of(marker: str) -> int:
    source = open(__file__, encoding="utf-8").read().splitlines()
    return next(n for n, text in enumerate(source, 1) if text.rstrip().endswith(f"# {marker}"))


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'api.db'}")
    yield engine
    engine.dispose()


def test_statements_carry_the_line_that_sent_them_and_their_phase(engine) -> None:
    transcript = Transcript(__file__)
    transcript.attach(engine, "main")
    other = Transcript(__file__)
    metadata.create_all(engine)  # schema
    with engine.begin() as conn:
        conn.execute(insert(thing).values(id=1))  # seed
    with transcript.window():
        with engine.connect() as conn:
            conn.execute(select(thing)).all()  # tested
    with engine.connect() as conn:
        conn.execute(select(thing.c.id)).all()  # afterwards
    transcript.detach()
    del other
    by_kind = {(s.kind, s.phase) for s in transcript.statements}
    assert ("SELECT", "test") in by_kind and ("SELECT", "observe") in by_kind
    tested = [s for s in transcript.statements if s.phase == "test" and s.kind == "SELECT"]
    assert [s.line for s in tested] == [line_of("tested")]
    assert {s.phase for s in transcript.statements if s.line == line_of("seed")} == {"setup"}


def test_without_a_capture_window_only_schema_lines_are_setup(engine) -> None:
    transcript = Transcript(__file__)
    transcript.attach(engine, "main")
    metadata.create_all(engine)  # schema only
    with engine.begin() as conn:
        conn.execute(insert(thing).values(id=1))  # the action
    transcript.detach()
    transcript.settle()
    phases = {(s.line, s.phase) for s in transcript.statements if s.line is not None}
    assert {p for line, p in phases if line == line_of("schema only")} == {"setup"}
    assert ("INSERT", "test") in {(s.kind, s.phase) for s in transcript.statements}


def test_a_setup_block_wins_over_an_open_window(engine) -> None:
    transcript = Transcript(__file__)
    transcript.attach(engine, "main")
    metadata.create_all(engine)
    with transcript.window(), transcript.setup_block(), engine.begin() as conn:
        conn.execute(insert(thing).values(id=1))
    transcript.detach()
    assert {s.phase for s in transcript.statements if s.kind == "INSERT"} == {"setup"}


def test_attempt_keeps_the_exact_class_and_message() -> None:
    def broken() -> None:
        raise InvalidRequestError("use has() for a scalar reference")

    result = attempt(broken)
    assert not result.ok and result.error_class == "InvalidRequestError"
    assert result.raised(InvalidRequestError) and result.raised(InvalidRequestError, match="has\\(\\)")
    assert not result.raised(SQLAlchemyError), "a parent class is not the class the text names"
    assert not result.raised(IntegrityError) and not result.raised(InvalidRequestError, match="any\\(\\)")
    assert str(result) == "raised InvalidRequestError: use has() for a scalar reference"
    fine = attempt(lambda: 3)
    assert fine.ok and fine.value == 3 and str(fine) == "returned 3" and not fine.raised(InvalidRequestError)


def test_records_show_neutral_names_instead_of_the_harness_names() -> None:
    run = RunTag(1733380000, "ab12", 4242)
    assert neutral_names(f"SELECT * FROM information_schema.tables WHERE table_schema = '{run.name('q149')}'") == \
        "SELECT * FROM information_schema.tables WHERE table_schema = 'lab'"
    assert neutral_names(f'SET ROLE "{run.name("q3_reader")}"') == 'SET ROLE "reader"'
    assert neutral_names(f"{run.name()}.thing") == "lab.thing"
    assert neutral_names("proofbank is a word, proofbank_ a prefix") == "proofbank is a word, proofbank_ a prefix"
