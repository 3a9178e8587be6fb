"""A tenant filter added to every statement in do_orm_execute with with_loader_criteria also narrows
ORM-enabled UPDATE and DELETE, but a text() statement run through the same Session is not filtered."""

from sqlalchemy import String, delete, event, func, select, text, update
from sqlalchemy.orm import DeclarativeBase, Mapped, ORMExecuteState, Session, mapped_column, with_loader_criteria

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    tenant_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(10))


class TenantSession(Session):
    pass


handled: list[str] = []  # the type of every statement the hook saw


@event.listens_for(TenantSession, "do_orm_execute")
def only_tenant_1(state: ORMExecuteState) -> None:
    handled.append(type(state.statement).__name__)
    state.statement = state.statement.options(with_loader_criteria(Note, lambda cls: cls.tenant_id == 1))


def where_names_tenant(statement: Statement) -> bool:
    _, _, where = statement.sql.partition("WHERE")
    return "tenant_id" in where


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Note(id=i, tenant_id=1 if i <= 2 else 2, status="open") for i in (1, 2, 3, 4)])
        setup.commit()

    with TenantSession(lab.engine) as session:
        with lab.capture() as updating:
            updated = lab.fact("(1) rowcount", session.execute(update(Note).values(status="closed")).rowcount)
        with lab.capture() as deleting:
            deleted = lab.fact("(2) rowcount", session.execute(delete(Note).where(Note.id > 1)).rowcount)
        before_text = len(handled)
        with lab.capture() as counting_text:
            by_text = lab.fact("(3) count", session.execute(text("SELECT count(*) FROM note")).scalar())
        text_hook_calls = lab.fact("statement types do_orm_execute saw for (3)", handled[before_text:])
        with lab.capture() as counting_orm:
            by_orm = lab.fact("(4) count", session.scalar(select(func.count(Note.id))))
        session.commit()
    lab.fact("statement types do_orm_execute saw for (1) to (4)", list(handled))
    with lab.other_connection() as other:
        rows = other.execute(select(Note.id, Note.tenant_id, Note.status).order_by(Note.id))
        left = lab.fact("(id, tenant_id, status) left in the table", [tuple(r) for r in rows])

    update_sql = updating.of_kind("UPDATE")
    delete_sql = deleting.of_kind("DELETE")
    lab.fact("(1) UPDATE filters on tenant_id", [where_names_tenant(s) for s in update_sql])
    lab.fact("(2) DELETE filters on tenant_id", [where_names_tenant(s) for s in delete_sql])
    lab.fact("(3) SELECT filters on tenant_id", [where_names_tenant(s) for s in counting_text.of_kind("SELECT")])
    lab.fact("(4) SELECT filters on tenant_id", [where_names_tenant(s) for s in counting_orm.of_kind("SELECT")])

    return {
        "A": by_text == 1,
        "B": updated == 4 and all(status == "closed" for _, _, status in left),
        "C": deleted == 1 and [row[0] for row in left] == [1, 3, 4],
        "D": updated == 2 and len(update_sql) == 1 and where_names_tenant(update_sql[0]),
        "E": text_hook_calls == [],
        "F": by_orm == 1 and by_text == 3,
    }


if __name__ == "__main__":
    run_alone(__file__)
