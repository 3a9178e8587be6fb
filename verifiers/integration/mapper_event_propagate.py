"""A mapper listener on a base class reaches subclass rows only when registered with propagate=True."""

from sqlalchemy import String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "employee"}


class Manager(Employee):  # single-table inheritance: Manager rows live in employee too
    __mapper_args__ = {"polymorphic_identity": "manager"}


# (hook, name of the row's object, class of the mapper passed in), in call order.
calls: list[tuple[str, str, str]] = []


@event.listens_for(Employee, "before_insert")
def plain_listener(mapper, connection, target: Employee) -> None:
    calls.append(("before_insert", target.name, mapper.class_.__name__))


@event.listens_for(Employee, "after_insert", propagate=True)
def propagated_listener(mapper, connection, target: Employee) -> None:
    calls.append(("after_insert", target.name, mapper.class_.__name__))


class Engineer(Employee):  # mapped after the listeners were registered
    __mapper_args__ = {"polymorphic_identity": "engineer"}


def names_seen(made: list[tuple[str, str, str]], hook: str) -> list[str]:
    return sorted(name for called, name, _ in made if called == hook)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add_all([Employee(id=1, name="emma"), Manager(id=2, name="max")])
        with lab.capture() as flushed:
            session.flush()
        session.commit()

    made = lab.fact("listener calls (hook, row, mapper class)", list(calls))
    lab.fact("INSERTs the flush sent", flushed.count("INSERT"))
    with lab.other_connection() as other:
        rows = other.execute(select(Employee.id, Employee.kind).order_by(Employee.id))
        lab.fact("rows in employee: (id, kind)", [tuple(r) for r in rows])
    lab.fact("after_insert calls in all", len(names_seen(made, "after_insert")))
    mapper_for_max = [mapper for called, name, mapper in made if called == "after_insert" and name == "max"]
    lab.fact("mapper class passed to after_insert for max", mapper_for_max)

    with Session(lab.engine) as session:
        session.add(Engineer(id=3, name="ed"))
        session.commit()
    lab.fact("a subclass mapped after the listeners: calls for its row", calls[len(made):])

    return {
        "A": names_seen(made, "before_insert") == ["emma", "max"],
        "B": names_seen(made, "before_insert") == ["emma"],
        "C": names_seen(made, "after_insert") == ["emma", "max"],
        "D": mapper_for_max == ["Employee"],
        "E": len(names_seen(made, "after_insert")) > 2,
    }


if __name__ == "__main__":
    run_alone(__file__)
