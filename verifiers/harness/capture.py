"""Record every statement an engine sends, and the transaction calls around them.

A :class:`Transcript` listens to engine events and keeps, in order, each
cursor execution (statement, parameters, executemany, which connection) and
each BEGIN, COMMIT and ROLLBACK that SQLAlchemy performs. Savepoints are
statements, so they arrive as cursor executions. :meth:`Transcript.window`
gives a :class:`Capture`: the part of the transcript recorded inside a
``with`` block, with the structural questions proofs ask of it.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from . import sqlshape


_NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)s|(?<![:\w]):(\w+)")


@dataclass(frozen=True)
class Statement:
    """One thing sent to the database, in the order it was sent."""

    seq: int
    sql: str
    parameters: Any
    executemany: bool
    connection: str
    kind_hint: str | None = None
    line: int | None = None  # the line of the proof that sent it (innermost proof frame), if any
    phase: str = "test"  # "setup", "test" or "observe": see Transcript.phase_of


    @cached_property
    def kind(self) -> str:
        return self.kind_hint or sqlshape.statement_kind(self.sql)

    @property
    def is_transaction_control(self) -> bool:
        return self.kind in sqlshape.TRANSACTION_KINDS

    @cached_property
    def in_list_sizes(self) -> list[int]:
        return sqlshape.in_list_sizes(self.sql)

    @property
    def has_in_list(self) -> bool:
        return bool(self.in_list_sizes)

    @cached_property
    def has_join(self) -> bool:
        return sqlshape.has_join(self.sql)

    @cached_property
    def has_subquery(self) -> bool:
        return sqlshape.has_subquery(self.sql)

    @property
    def values(self) -> list[Any]:
        """The bound values in the order their placeholders stand in the statement, whatever the driver's
        paramstyle (``?``, ``%s``, ``%(name)s``, ``:name``); for an executemany, one such list per row.

        An "insertmanyvalues" batch (one INSERT carrying many rows' VALUES) reaches the capture flagged
        as an executemany but is one execution with one flat parameter set: its values are one list."""
        rows = isinstance(self.parameters, (list, tuple)) and all(
            isinstance(row, (list, tuple, dict)) for row in self.parameters)
        if self.executemany and rows:
            return [self._ordered(row) for row in self.parameters]
        return self._ordered(self.parameters)

    def _ordered(self, parameters: Any) -> list[Any]:
        if parameters is None:
            return []
        if not isinstance(parameters, dict):
            return list(parameters)
        names = [a or b for a, b in _NAMED_PLACEHOLDER.findall(self.sql)]
        if names and all(name in parameters for name in names):
            return [parameters[name] for name in names]
        return list(parameters.values())

    def mentions(self, word: str) -> bool:
        """Whether ``word`` (a table or column name, say) appears as a whole word, any case."""
        return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", self.sql, re.I) is not None


class StatementList(Sequence[Statement]):
    """A run of statements with the structural questions proofs ask of it."""

    def __init__(self, statements: Sequence[Statement]) -> None:
        self._fixed = list(statements)

    def _items(self) -> list[Statement]:
        return self._fixed

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return StatementList(self._items()[index])
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return f"<{len(self)} statements: {' '.join(self.kinds())}>"

    def _where(self, keep: Callable[[Statement], bool]) -> StatementList:
        return StatementList([s for s in self._items() if keep(s)])

    def kinds(self) -> list[str]:
        """The kind of every statement, in order (BEGIN, SELECT, INSERT, COMMIT, ...)."""
        return [s.kind for s in self._items()]

    @property
    def queries(self) -> StatementList:
        """The statements other than transaction control (BEGIN/COMMIT/ROLLBACK/savepoints)."""
        return self._where(lambda s: not s.is_transaction_control)

    def of_kind(self, *kinds: str) -> StatementList:
        """The statements of the given kinds, e.g. ``of_kind("SELECT")``."""
        wanted = {k.upper() for k in kinds}
        return self._where(lambda s: s.kind in wanted)

    def count(self, *kinds: str) -> int:  # type: ignore[override]
        """How many statements there are of the given kinds (all statements if none given)."""
        return len(self.of_kind(*kinds)) if kinds else len(self)

    def on(self, connection: str) -> StatementList:
        """The statements sent on one connection, by its label (``main#1``, ``other#1``...)."""
        return self._where(lambda s: s.connection == connection)

    def connections(self) -> list[str]:
        """The labels of the connections used, in order of first use."""
        return list(dict.fromkeys(s.connection for s in self._items()))

    def transaction_flow(self) -> list[str]:
        """Only the transaction control, in order: e.g. ``['BEGIN', 'SAVEPOINT', 'ROLLBACK TO SAVEPOINT', 'COMMIT']``."""
        return [s.kind for s in self._items() if s.is_transaction_control]

    def mentioning(self, word: str) -> StatementList:
        """The statements that name ``word`` (a table, say) as a whole word."""
        return self._where(lambda s: s.mentions(word))


class Capture(StatementList):
    """The statements recorded while a ``with lab.capture()`` block ran; live while it runs."""

    def __init__(self, transcript: Transcript, start: int) -> None:
        super().__init__([])
        self._transcript = transcript
        self._start = start
        self._end: int | None = None

    def _items(self) -> list[Statement]:
        return self._transcript.statements[self._start : self._end]

    def close(self) -> None:
        self._end = len(self._transcript.statements)


PHASES = ("setup", "test", "observe")
OBSERVING_LABELS = ("other",)  # engines whose statements are observations: lab.other_connection()
_SETUP_KINDS = frozenset({"CREATE", "DROP", "ALTER", "PRAGMA"})


class Transcript:
    """Everything sent on the engines it listens to, in order.

    Each statement is stamped with the proof line that sent it (when
    ``proof_file`` is set) and a phase: ``observe`` on an observing engine,
    ``setup`` inside :meth:`setup_block`, ``test`` inside a :meth:`window`;
    elsewhere ``setup`` before the first window and ``observe`` after it
    (:meth:`settle` decides the statements of a proof that opened no window).
    """

    _LISTENED = ("before_cursor_execute", "begin", "commit", "rollback")

    def __init__(self, proof_file: str | None = None) -> None:
        self.statements: list[Statement] = []
        self.proof_file = proof_file
        self._attached: list[tuple[Engine, str, Any]] = []
        self._labels: dict[int, str] = {}
        self._by_connection: dict[int, str] = {}  # id(Connection) -> the label of its last DBAPI connection
        self._ordinals: dict[str, int] = {}
        self._open_windows = 0
        self._windows_opened = 0
        self._setup_depth = 0
        self._unplaced: list[int] = []  # statements sent outside any window before the first one
        self.dropped = 0  # statements not kept past MAX_KEPT

    def attach(self, engine: Engine, label: str) -> None:
        """Listen to ``engine``; its connections are named ``label#1``, ``label#2``, ..."""
        for name in self._LISTENED:
            listener = getattr(self, f"_on_{name}")

            def bound(*args: Any, _listener: Any = listener, _label: str = label, **kw: Any) -> None:
                _listener(_label, *args, **kw)

            event.listen(engine, name, bound)
            self._attached.append((engine, name, bound))

    def detach(self) -> None:
        """Stop listening to every engine; safe to call twice."""
        while self._attached:
            engine, name, listener = self._attached.pop()
            if event.contains(engine, name, listener):
                event.remove(engine, name, listener)

    def _connection_label(self, label: str, conn: Connection) -> str:
        try:
            key = id(conn.connection.dbapi_connection)
        except exc.SQLAlchemyError:
            # An invalidated Connection (its DBAPI connection was lost) cannot hand out its DBAPI connection
            # until it is rolled back; the rollback itself is reported here, under the label it last had.
            return self._by_connection.get(id(conn), f"{label}#?")
        if key not in self._labels:
            self._ordinals[label] = self._ordinals.get(label, 0) + 1
            self._labels[key] = f"{label}#{self._ordinals[label]}"
        self._by_connection[id(conn)] = self._labels[key]
        return self._labels[key]

    def proof_line(self) -> int | None:
        """The line of the innermost frame of the proof file on the current stack, if any."""
        if self.proof_file is None:
            return None
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.proof_file:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def _phase(self, label: str) -> str:
        if label in OBSERVING_LABELS:
            return "observe"
        if self._setup_depth:
            return "setup"
        if self._open_windows:
            return "test"
        return "observe" if self._windows_opened else "setup"

    MAX_KEPT = 50_000  # a proof that sends more (a loop gone wrong) is still judged; the rest is only counted

    def _add(self, label: str, conn: Connection, sql: str, parameters: Any, executemany: bool, kind: str | None) -> None:
        if len(self.statements) >= self.MAX_KEPT:
            self.dropped += 1
            return
        phase = self._phase(label)
        if phase == "setup" and not self._setup_depth and not self._windows_opened and label not in OBSERVING_LABELS:
            self._unplaced.append(len(self.statements))
        self.statements.append(
            Statement(len(self.statements) + 1, sql, parameters, executemany, self._connection_label(label, conn), kind,
                      self.proof_line(), phase)
        )

    def settle(self) -> None:
        """Decide the phase of statements that no block placed, once the proof has ended.

        A proof that opened no capture window never said which statements are under
        test: there only schema statements count as setup, and the rest as the test.
        """
        if self._windows_opened:
            return
        # A line that sent schema statements (create_all, say) is setup as a whole, with its reflection queries.
        schema_lines = {s.line for s in (self.statements[i] for i in self._unplaced)
                        if s.kind.split()[0] in _SETUP_KINDS and s.line is not None}
        for index in self._unplaced:
            statement = self.statements[index]
            is_schema = statement.kind.split()[0] in _SETUP_KINDS or (statement.line in schema_lines)
            if not is_schema and not statement.is_transaction_control:
                self.statements[index] = dataclasses.replace(statement, phase="test")
        # Transaction control goes with what it wraps: a BEGIN with the next statement on its connection,
        # a COMMIT or ROLLBACK (or savepoint) with the one before.
        for index in self._unplaced:
            statement = self.statements[index]
            if not statement.is_transaction_control:
                continue
            if statement.kind == "BEGIN":
                neighbours = self.statements[index + 1:]
            else:
                neighbours = self.statements[index - 1::-1] if index else []
            partner = next((s for s in neighbours if not s.is_transaction_control
                            and s.connection == statement.connection), None)
            if partner is not None and partner.phase != statement.phase:
                self.statements[index] = dataclasses.replace(statement, phase=partner.phase)
        self._unplaced.clear()

    def _on_before_cursor_execute(self, label, conn, cursor, statement, parameters, context, executemany) -> None:
        self._add(label, conn, statement, parameters, executemany, None)

    def _on_begin(self, label, conn) -> None:
        self._add(label, conn, "BEGIN (implicit)", None, False, "BEGIN")

    def _on_commit(self, label, conn) -> None:
        self._add(label, conn, "COMMIT", None, False, "COMMIT")

    def _on_rollback(self, label, conn) -> None:
        self._add(label, conn, "ROLLBACK", None, False, "ROLLBACK")

    @contextmanager
    def window(self) -> Iterator[Capture]:
        """The statements sent while the block runs (readable during and after it)."""
        capture = Capture(self, len(self.statements))
        self._open_windows += 1
        self._windows_opened += 1
        try:
            yield capture
        finally:
            self._open_windows -= 1
            capture.close()

    @contextmanager
    def setup_block(self) -> Iterator[None]:
        """Statements sent while the block runs are setup (tables, seed data), whatever else is open."""
        self._setup_depth += 1
        try:
            yield
        finally:
            self._setup_depth -= 1

    @property
    def all(self) -> StatementList:
        return StatementList(self.statements)
