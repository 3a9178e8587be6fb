"""The proof API's new pieces: statement lines and phases, lab.attempt, and neutral names in records."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers.harness.attempt import attempt
from verifiers.harness.objstate import object_state
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
    run = RunTag(1733380000, "ab12cd34")
    assert neutral_names(f"SELECT * FROM information_schema.tables WHERE table_schema = '{run.name('q149')}'") == \
        "SELECT * FROM information_schema.tables WHERE table_schema = 'lab'"
    assert neutral_names(f'SET ROLE "{run.name("q3_reader")}"') == 'SET ROLE "reader"'
    assert neutral_names(f"{run.name()}.thing") == "lab.thing"
    assert neutral_names("proofbank is a word, proofbank_ a prefix") == "proofbank is a word, proofbank_ a prefix"
    assert neutral_names("USE proofbank_1733380000_ab12_4242_q7") == "USE lab", "the names of earlier runs too"


def test_object_state_tells_a_flushed_delete_apart(engine) -> None:

    class Base(DeclarativeBase):
        pass

    class Item(Base):
        __tablename__ = "item"
        id: Mapped[int] = mapped_column(primary_key=True)

    Base.metadata.create_all(engine)
    with Session(engine) as session:
        item = Item(id=1)
        session.add(item)
        session.flush()
        fresh = object_state(item)
        assert (fresh.status, fresh.in_session, fresh.attached, fresh.was_deleted) == ("persistent", True, True, False)
        session.delete(item)
        session.flush()
        gone = object_state(item)
        assert (gone.status, gone.in_session, gone.attached, gone.was_deleted) == ("deleted", False, True, True)
        assert (item in session) is gone.in_session
        session.commit()
        after = object_state(item)
        assert (after.status, after.in_session, after.attached, after.was_deleted) == ("detached", False, False, True)
        assert str(after) == "detached identity=(1,) was_deleted"


@pytest.mark.parametrize(("sql", "parameters", "executemany", "expected"), [
    ("SELECT a FROM t WHERE a = ? AND b = ?", (1, "x"), False, [1, "x"]),
    ("SELECT a FROM t WHERE b = %(b_1)s::VARCHAR AND a = %(a_1)s::INTEGER", {"a_1": 1, "b_1": "x"}, False, ["x", 1]),
    ("SELECT a FROM t WHERE b = :b_1 AND a = :a_1", {"a_1": 1, "b_1": "x"}, False, ["x", 1]),
    ("INSERT INTO t (a) VALUES (%s)", [(1,), (2,)], True, [[1], [2]]),
    ("INSERT INTO t (a, b) VALUES (%(a)s, %(b)s)", [{"b": 2, "a": 1}, {"b": 4, "a": 3}], True, [[1, 2], [3, 4]]),
    ("COMMIT", None, False, []),
    # an insertmanyvalues batch on SQLite: flagged executemany, but one flat parameter tuple
    ("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", ("item 0", 1, "item 1", 2), True, ["item 0", 1, "item 1", 2]),
])
def test_bound_values_do_not_depend_on_the_paramstyle(sql, parameters, executemany, expected) -> None:
    from verifiers.harness.capture import Statement

    assert Statement(1, sql, parameters, executemany, "main#1").values == expected


def test_statements_past_the_transcripts_limit_are_counted_not_kept(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Transcript, "MAX_KEPT", 3)
    transcript = Transcript(__file__)
    transcript.attach(engine, "main")
    with engine.connect() as conn:
        for _ in range(5):
            conn.exec_driver_sql("SELECT 1")
    transcript.detach()
    assert len(transcript.statements) == 3 and transcript.dropped >= 3


def test_the_rollback_of_an_invalidated_connection_is_captured_under_its_label(engine) -> None:
    transcript = Transcript(__file__)
    transcript.attach(engine, "main")
    metadata.create_all(engine)
    with transcript.window():
        with engine.connect() as conn:
            conn.execute(select(thing)).all()
            conn.invalidate()  # as a disconnect error does: the DBAPI connection is gone
            conn.rollback()  # must not fail in the capture's listener
    transcript.detach()
    rollbacks = [s for s in transcript.statements if s.kind == "ROLLBACK"]
    assert rollbacks and rollbacks[-1].connection == "main#1"


def test_all_of_holds_only_when_every_named_part_does() -> None:
    from verifiers import all_of

    assert bool(all_of(a=True, b=True)) is True
    assert bool(all_of(a=True, b=False)) is False
    assert all_of(first=True, second=False).parts == (("first", True), ("second", False))
    with pytest.raises(TypeError, match=r"all_of\(count=\.\.\.\) got a int"):
        all_of(count=1)
    with pytest.raises(TypeError, match="at least one"):
        all_of()


def test_cache_notes_read_the_engine_log_and_put_it_back(engine) -> None:
    import logging

    from sqlalchemy import select

    from verifiers.harness.cachelog import ENGINE_LOGGER, cache_notes

    logger = logging.getLogger(ENGINE_LOGGER)
    before = (logger.level, logger.propagate, list(logger.handlers))
    with cache_notes() as log:
        with engine.connect() as conn:  # a Connection decides whether to log when it is created
            for _ in range(2):
                conn.execute(select(1)).all()
    assert log.notes[-2:] == ["generated in", "cached since"]
    assert (logger.level, logger.propagate, list(logger.handlers)) == before
