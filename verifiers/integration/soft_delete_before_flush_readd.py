"""A before_flush hook that flags each object in session.deleted and add()s it back turns the DELETE
into an UPDATE; a do_orm_execute filter then hides the row unless a query opts in."""

from sqlalchemy import String, event, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    UOWTransaction,
    mapped_column,
    with_loader_criteria,
)

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(30))
    deleted: Mapped[bool] = mapped_column(default=False)


class SoftDeleteSession(Session):
    pass


add_errors: list[Exception] = []
in_deleted_after_add: list[bool] = []  # observed inside the hook, right after session.add(obj)


@event.listens_for(SoftDeleteSession, "before_flush")
def soft_delete(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    for obj in list(session.deleted):
        if isinstance(obj, Item):
            obj.deleted = True
            try:
                session.add(obj)
            except Exception as error:  # the question asks whether add() raises here
                add_errors.append(error)
            in_deleted_after_add.append(obj in session.deleted)


@event.listens_for(SoftDeleteSession, "do_orm_execute")
def hide_deleted(state: ORMExecuteState) -> None:
    if state.is_select and not state.execution_options.get("include_deleted", False):
        state.statement = state.statement.options(
            with_loader_criteria(Item, lambda cls: cls.deleted == False, include_aliases=True)  # noqa: E712
        )


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Item(id=1, name="lamp"), Item(id=2, name="desk"), Item(id=3, name="sofa")])
        setup.commit()

    with SoftDeleteSession(lab.engine) as session:
        desk = session.get(Item, 2)
        session.delete(desk)
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements the commit sent", committing.kinds())
        lab.fact("errors from session.add() in before_flush", [type(error).__name__ for error in add_errors])
        lab.fact("desk in session.deleted right after add() in the hook", in_deleted_after_add)
        after = lab.fact("desk after the commit", lab.state(desk))
        lab.fact("desk after the commit: in the session", after.in_session)
        lab.fact("desk after the commit: expired attributes", sorted(after.expired_attributes))
        with lab.capture() as selecting:
            visible = lab.fact("ids a plain select returns", sorted(session.scalars(select(Item.id))))
            everything = lab.fact(
                "ids with include_deleted=True",
                sorted(session.scalars(select(Item.id).execution_options(include_deleted=True))),
            )
        lab.fact("the two SELECTs test the deleted flag: plain, include_deleted=True",
                 [statement.mentions("deleted") for statement in selecting.of_kind("SELECT")])
    with lab.other_connection() as other:
        rows = other.execute(select(Item.id, Item.deleted))
        stored = lab.fact("rows in the table (another connection)", sorted(tuple(row) for row in rows))

    return {
        "A": committing.count("UPDATE") == 1 and committing.of_kind("UPDATE")[0].mentions("deleted")
             and committing.count("DELETE") == 0,
        "B": committing.count("UPDATE") == 1 and committing.count("DELETE") == 1,
        "C": [type(error) for error in add_errors] == [InvalidRequestError],
        "D": visible == [1, 3] and everything == [1, 2, 3] and len(stored) == 3,
        "E": after.persistent is False,
    }


if __name__ == "__main__":
    run_alone(__file__)
