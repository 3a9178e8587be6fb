"""A global soft-delete filter: with_loader_criteria added in do_orm_execute, and what it reaches."""

import re
from datetime import datetime

from sqlalchemy import ForeignKey, String, event, insert, select, text
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    mapped_column,
    relationship,
    selectinload,
    with_loader_criteria,
)

from verifiers import Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class Folder(Base):
    __tablename__ = "folders"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    # The plain foreign-key relationship: nothing about deleted_at.
    documents: Mapped[list["Document"]] = relationship()
    # The same collection with the soft-delete condition written into its join.
    live_documents: Mapped[list["Document"]] = relationship(
        primaryjoin="and_(Folder.id == Document.folder_id, Document.deleted_at.is_(None))",
        viewonly=True,
    )


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(ForeignKey("folders.id"))
    title: Mapped[str] = mapped_column(String(50))
    deleted_at: Mapped[datetime | None]


class SoftDeleteSession(Session):
    """A Session whose ORM SELECTs never return soft-deleted documents."""


@event.listens_for(SoftDeleteSession, "do_orm_execute")
def hide_soft_deleted(state: ORMExecuteState) -> None:
    # Kept only so the proof can show which executions reached the listener.
    state.session.info.setdefault("listener saw", []).append(
        {"is_select": state.is_select, "is_orm_statement": state.is_orm_statement}
    )
    if state.is_select:
        state.statement = state.statement.options(
            with_loader_criteria(Document, lambda cls: cls.deleted_at.is_(None), include_aliases=True)
        )


NOT_DELETED = re.compile(r"\bdeleted_at\s+IS\s+NULL\b", re.I)


def filters_deleted(selects: StatementList) -> list[bool]:
    """For each SELECT, whether its SQL carries the `deleted_at IS NULL` criterion."""
    return [bool(NOT_DELETED.search(s.sql)) for s in selects]


def titles(documents) -> list[str]:
    return sorted(d.title for d in documents)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(Folder), [{"id": 1, "name": "reports"}])
        conn.execute(
            insert(Document),
            [
                {"id": 1, "folder_id": 1, "title": "q1", "deleted_at": None},
                {"id": 2, "folder_id": 1, "title": "q2", "deleted_at": None},
                {"id": 3, "folder_id": 1, "title": "q3-draft", "deleted_at": datetime(2024, 5, 1)},
            ],
        )
    live = ["q1", "q2"]

    # With the listener: a top-level query of Document.
    with SoftDeleteSession(lab.engine) as session, lab.capture() as sql:
        top_level = lab.fact("listener: select(Document) titles", titles(session.scalars(select(Document))))
    top_level_sql = lab.fact("listener: select(Document) has deleted_at IS NULL", filters_deleted(sql.of_kind("SELECT")))

    # With the listener: folder.documents, lazy-loaded on first access.
    with SoftDeleteSession(lab.engine) as session:
        folder = session.scalars(select(Folder)).one()
        with lab.capture() as sql:
            lazy = lab.fact("listener: lazy folder.documents titles", titles(folder.documents))
        lazy_sql = lab.fact("listener: lazy-load SELECT has deleted_at IS NULL", filters_deleted(sql.of_kind("SELECT")))

    # With the listener: folder.documents, loaded by selectinload.
    with SoftDeleteSession(lab.engine) as session, lab.capture() as sql:
        folder = session.scalars(select(Folder).options(selectinload(Folder.documents))).one()
        selectin = lab.fact("listener: selectinload folder.documents titles", titles(folder.documents))
    selectin_sql = lab.fact("listener: SELECTs have deleted_at IS NULL (folders, IN query)", filters_deleted(sql.of_kind("SELECT")))

    # With the listener: a text() query. The listener runs, but is_select is False.
    with SoftDeleteSession(lab.engine) as session:
        text_rows = lab.fact("listener: text() rows", len(session.execute(text("SELECT id FROM documents")).all()))
        lab.fact("listener: flags it saw for text()", session.info["listener saw"])

    # Plain Session: filter the folder query itself, then read the plain collection.
    with Session(lab.engine) as session:
        folder = session.scalars(
            select(Folder).join(Folder.documents).where(Document.deleted_at.is_(None))
        ).unique().one()
        with lab.capture() as sql:
            after_where = lab.fact("plain: folder.documents after a filtered folder query", titles(folder.documents))
        lab.fact("plain: lazy-load SELECT has deleted_at IS NULL", filters_deleted(sql.of_kind("SELECT")))

    # Plain Session: the relationship whose primaryjoin carries the condition.
    with Session(lab.engine) as session:
        folder = session.scalars(select(Folder)).one()
        with lab.capture() as sql:
            via_primaryjoin = lab.fact("plain: folder.live_documents titles", titles(folder.live_documents))
        lab.fact("plain: live_documents SELECT has deleted_at IS NULL", filters_deleted(sql.of_kind("SELECT")))

    return {
        "A": top_level == live,
        "B": lazy == live and selectin == live,
        "C": text_rows == len(live),
        "D": after_where == live,
        "E": via_primaryjoin == live,
        "F": not any(top_level_sql + lazy_sql + selectin_sql),
    }


if __name__ == "__main__":
    run_alone(__file__)
