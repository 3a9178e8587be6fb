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


class RecipeSession(Session):
    """The documented recipe: the same listener, skipping relationship loads."""


@event.listens_for(RecipeSession, "do_orm_execute")
def hide_soft_deleted_recipe(state: ORMExecuteState) -> None:
    if state.is_select and not state.is_relationship_load:
        state.statement = state.statement.options(
            with_loader_criteria(Document, lambda cls: cls.deleted_at.is_(None), include_aliases=True)
        )


NOT_DELETED = re.compile(r"\bdeleted_at\s+IS\s+NULL\b", re.I)


def filters_deleted(selects: StatementList) -> list[bool]:
    """For each SELECT, whether its SQL carries the `deleted_at IS NULL` criterion."""
    return [bool(NOT_DELETED.search(s.sql)) for s in selects]


def times_filtered(selects: StatementList) -> list[int]:
    """For each SELECT, how many times its SQL carries the `deleted_at IS NULL` criterion."""
    return [len(NOT_DELETED.findall(s.sql)) for s in selects]


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
    with SoftDeleteSession(lab.engine) as session, lab.capture() as top_sql:
        top_level = lab.fact("listener: select(Document) titles", titles(session.scalars(select(Document))))
    top_level_sql = lab.fact("listener: select(Document) has deleted_at IS NULL", filters_deleted(top_sql.of_kind("SELECT")))

    # With the listener: folder.documents, lazy-loaded on first access.
    with SoftDeleteSession(lab.engine) as session:
        folder = session.scalars(select(Folder)).one()
        with lab.capture() as lazy_sql_sent:
            lazy = lab.fact("listener: lazy folder.documents titles", titles(folder.documents))
        lazy_sql = lab.fact("listener: lazy-load SELECT has deleted_at IS NULL", filters_deleted(lazy_sql_sent.of_kind("SELECT")))
        lab.fact("listener: times the lazy-load SELECT carries deleted_at IS NULL", times_filtered(lazy_sql_sent.of_kind("SELECT")))

    # With the listener: folder.documents, loaded by selectinload.
    with SoftDeleteSession(lab.engine) as session, lab.capture() as selectin_sql_sent:
        folder = session.scalars(select(Folder).options(selectinload(Folder.documents))).one()
        selectin = lab.fact("listener: selectinload folder.documents titles", titles(folder.documents))
    selectin_sql = lab.fact("listener: SELECTs have deleted_at IS NULL (folders, IN query)",
                            filters_deleted(selectin_sql_sent.of_kind("SELECT")))
    in_query = selectin_sql_sent.of_kind("SELECT")[-1]
    lab.fact("listener: the selectinload SELECT has an IN list, carries deleted_at IS NULL",
             [in_query.has_in_list, bool(NOT_DELETED.search(in_query.sql))])
    document_selects = [*top_sql.of_kind("SELECT"), *lazy_sql_sent.of_kind("SELECT"), *selectin_sql_sent.of_kind("SELECT")]
    documents_filtered = lab.fact(
        "listener: each SELECT of documents carries deleted_at IS NULL (top-level, lazy, selectin)",
        [bool(NOT_DELETED.search(s.sql)) for s in document_selects if s.mentions("documents")],
    )

    # With the listener: a text() query. The listener runs, but is_select is False.
    with SoftDeleteSession(lab.engine) as session, lab.capture() as text_sql:
        text_rows = lab.fact("listener: text() rows", len(session.execute(text("SELECT id FROM documents")).all()))
        lab.fact("listener: flags it saw for text()", session.info["listener saw"])
    lab.fact("listener: the text() statement went out as written",
             [s.sql.strip() == "SELECT id FROM documents" for s in text_sql.of_kind("SELECT")])

    # Plain Session: criteria given to the folder query only travel with the folder to its lazy load.
    with Session(lab.engine) as session:
        folder = session.scalars(
            select(Folder).options(with_loader_criteria(Document, lambda cls: cls.deleted_at.is_(None)))
        ).one()
        with lab.capture() as sql:
            carried = titles(folder.documents)
        lab.fact("plain, criteria on the folder query only: lazy folder.documents titles, SELECT has deleted_at IS NULL",
                 [carried, filters_deleted(sql.of_kind("SELECT"))])

    # The recipe's listener, which skips relationship loads.
    with RecipeSession(lab.engine) as session:
        folder = session.scalars(select(Folder)).one()
        with lab.capture() as sql:
            recipe_titles = titles(folder.documents)
        lab.fact("recipe listener: lazy folder.documents titles, times its SELECT carries deleted_at IS NULL",
                 [recipe_titles, times_filtered(sql.of_kind("SELECT"))])

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
        lab.fact("plain: folder.documents titles beside live_documents", titles(folder.documents))

    return {
        "A": text_rows == len(live),
        "B": lazy == live and selectin == live,
        "C": top_level == live,
        "D": after_where == live,
        "E": via_primaryjoin == live,
        "F": not any(documents_filtered) and not any(top_level_sql + lazy_sql + selectin_sql),
    }


if __name__ == "__main__":
    run_alone(__file__)
