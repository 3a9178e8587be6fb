"""A global soft-delete filter added with with_loader_criteria is not applied when the ORM refreshes an
object it already holds: get() of an expired, soft-deleted object still returns it. Only once the
object is gone from the identity map does get() run the filtered SELECT."""

import gc
import re

from sqlalchemy import String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, ORMExecuteState, Session, mapped_column, with_loader_criteria
from sqlalchemy.orm.exc import ObjectDeletedError

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(30))
    deleted: Mapped[bool] = mapped_column(default=False)


class SoftDeleteSession(Session):
    pass


executions: list[dict[str, bool]] = []


@event.listens_for(SoftDeleteSession, "do_orm_execute")
def hide_deleted(state: ORMExecuteState) -> None:
    executions.append({"is_select": state.is_select, "is_column_load": state.is_column_load})
    if state.is_select:
        state.statement = state.statement.options(
            with_loader_criteria(Item, lambda cls: cls.deleted == False, include_aliases=True)  # noqa: E712
        )


def where_tests_deleted(statement: Statement) -> bool:
    """Whether the WHERE clause of a SELECT mentions the `deleted` column."""
    parts = re.split(r"\bWHERE\b", statement.sql, maxsplit=1, flags=re.I)
    return len(parts) == 2 and re.search(r"\bdeleted\b", parts[1], re.I) is not None


def identify(got: Item | None, item: Item) -> str | None:
    """What get() returned: "item" (the referenced object itself), None, or "another object".
    A name, not the object, so that no recorded fact keeps the object alive."""
    if got is None:
        return None
    return "item" if got is item else "another object"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Item(id=1, name="lamp"))
        setup.commit()

    with SoftDeleteSession(lab.engine) as session:
        item = session.scalars(select(Item).where(Item.id == 1)).one()
        item.deleted = True
        session.commit()
        lab.fact("item after commit", lab.state(item))
        lab.fact("item's expired attributes after commit", sorted(lab.state(item).expired_attributes))
        kept_in_map = lab.fact("item still in the identity map after commit", item in session)

        executions.clear()
        with lab.capture() as refresh_sql:
            referenced = lab.attempt("get() while referenced returned", lambda: identify(session.get(Item, 1), item))
        lab.fact("get() while referenced raised nothing", referenced.ok)
        refresh_flags = lab.fact("do_orm_execute flags during that get()", list(executions))
        got_same = lab.fact("get() while referenced returned the same object", referenced.value == "item")
        deleted_after = lab.fact("item.deleted after that get()", item.deleted)
        refresh_filtered = lab.fact("the refresh SELECT's WHERE tests `deleted`",
                                    [where_tests_deleted(s) for s in refresh_sql.of_kind("SELECT")])
        lab.fact("bound values of the refresh SELECT", [s.values for s in refresh_sql.of_kind("SELECT")])

        del item
        gc.collect()
        lab.fact("objects in the identity map after gc", len(session.identity_map))
        executions.clear()
        with lab.capture() as fresh_sql:
            fresh = session.get(Item, 1)
        lab.fact("get() after the object was collected", fresh)
        lab.fact("do_orm_execute flags during the get() after gc", list(executions))
        fresh_filtered = lab.fact("the SELECT of the get() after gc: WHERE tests `deleted`",
                                  [where_tests_deleted(s) for s in fresh_sql.of_kind("SELECT")])

    return {
        "A": got_same and deleted_after is True and refresh_filtered == [False],
        "B": referenced.ok and referenced.value is None,
        "C": referenced.raised(ObjectDeletedError),
        "D": [flags["is_column_load"] for flags in refresh_flags] == [True],
        "E": fresh is None and fresh_filtered == [True],
        "F": not kept_in_map,
    }


if __name__ == "__main__":
    run_alone(__file__)
