"""ORM-enabled INSERT and UPDATE statements change rows without calling mapper-level flush listeners."""

from sqlalchemy import String, event, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, ORMExecuteState, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    salary: Mapped[int]


# (statement label, hook, employee name), in call order.
calls: list[tuple[str, str, str]] = []
running = ["setup"]


def recorder(hook: str):
    def listener(mapper, connection, target: Employee) -> None:
        calls.append((running[0], hook, target.name))

    return listener


for hook in ("before_insert", "after_insert", "before_update", "after_update"):
    event.listen(Employee, hook, recorder(hook))


def calls_during(label: str) -> list[tuple[str, str]]:
    return [(hook, name) for during, hook, name in calls if during == label]


def salaries(lab: Lab) -> dict[str, int]:
    with lab.other_connection() as other:
        return dict(other.execute(select(Employee.name, Employee.salary)).all())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add(Employee(id=1, name="emma", salary=100))  # the control: a unit-of-work INSERT
        session.commit()

        emma = session.get(Employee, 1)  # in the identity map while the UPDATE statements run
        lab.fact("emma's state while the statements run", lab.state(emma).status)

        seen_by_do_orm_execute: list[str] = []  # what a Session-level hook sees of the same statements

        @event.listens_for(session, "do_orm_execute")
        def statement_hook(state: ORMExecuteState) -> None:
            seen_by_do_orm_execute.append("INSERT" if state.is_insert else "UPDATE" if state.is_update else "other")

        running[0] = "bulk insert"
        with lab.capture() as bulk_insert_sql:
            session.execute(insert(Employee), [{"id": 2, "name": "bo", "salary": 50}, {"id": 3, "name": "cy", "salary": 60}])
        running[0] = "update where"
        with lab.capture() as where_update_sql:
            session.execute(update(Employee).where(Employee.id == 1).values(salary=150))
        running[0] = "bulk update by pk"
        with lab.capture() as pk_update_sql:
            session.execute(update(Employee), [{"id": 2, "salary": 70}])
        lab.fact("statements do_orm_execute saw during the three execute() calls", list(seen_by_do_orm_execute))
        running[0] = "after"
        session.commit()
        emma_salary = emma.salary

    lab.fact(
        "statement kinds each execute() sent",
        [sorted(set(sql.queries.kinds())) for sql in (bulk_insert_sql, where_update_sql, pk_update_sql)],
    )

    stored = lab.fact("salaries another connection reads", salaries(lab))
    setup_calls = lab.fact("listener calls for session.add() + commit", calls_during("setup"))
    bulk_insert = lab.fact("listener calls during insert(Employee) with 2 dicts", calls_during("bulk insert"))
    where_update = lab.fact("listener calls during update().where().values()", calls_during("update where"))
    pk_update = lab.fact("listener calls during update(Employee) with a list of dicts", calls_during("bulk update by pk"))
    lab.fact("emma.salary on the object loaded before the UPDATE, read after commit", emma_salary)

    return {
        "A": ("before_update", "emma") in where_update,
        "B": [hook for hook, _ in bulk_insert].count("before_insert") == 2,
        "C": setup_calls == [("before_insert", "emma"), ("after_insert", "emma")],
        "D": ("before_update", "bo") in pk_update,
        "E": bulk_insert == where_update == pk_update == [] and stored == {"emma": 150, "bo": 70, "cy": 60},
    }


if __name__ == "__main__":
    run_alone(__file__)
