"""A global soft-delete filter (with_loader_criteria in do_orm_execute): does it reach inside EXISTS subqueries?"""

from collections.abc import Callable

from sqlalchemy import ForeignKey, event, exists, func, select
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    mapped_column,
    relationship,
    with_loader_criteria,
)

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    orders: Mapped[list["Order"]] = relationship()


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    deleted: Mapped[bool] = mapped_column(default=False)


class SoftDeleteSession(Session):
    """A Session whose ORM SELECTs leave out soft-deleted orders."""


@event.listens_for(SoftDeleteSession, "do_orm_execute")
def hide_deleted_orders(state: ORMExecuteState) -> None:
    if state.is_select:
        state.statement = state.statement.options(
            with_loader_criteria(Order, lambda cls: cls.deleted == False, include_aliases=True)  # noqa: E712
        )


def ids_and_filtered(lab: Lab, run: Callable[[], list[int]]) -> tuple[list[int], bool]:
    """What ``run()`` returns, and whether the one SELECT it sent tests `orders.deleted` at all."""
    with lab.capture() as sent:
        ids = run()
    (statement,) = sent.of_kind("SELECT")
    return ids, statement.mentions("deleted")


def customers_where(session: Session) -> Callable[..., Callable[[], list[int]]]:
    """``customer_ids(condition)``: a query for the ids of the customers matching ``condition``."""

    def customer_ids(condition) -> Callable[[], list[int]]:
        return lambda: list(session.scalars(select(Customer.id).where(condition).order_by(Customer.id)))

    return customer_ids


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all(
            [
                Customer(id=1, orders=[Order(id=10)]),  # one live order
                Customer(id=2, orders=[Order(id=20, deleted=True)]),  # its only order is soft-deleted
                Customer(id=3),  # no orders
            ]
        )
        session.commit()

    with SoftDeleteSession(lab.engine) as session:
        customer_ids = customers_where(session)
        any_ids, any_filtered = lab.fact(
            "Customer.orders.any(): ids / EXISTS tests deleted", ids_and_filtered(lab, customer_ids(Customer.orders.any()))
        )
        bare_ids, bare_filtered = lab.fact(
            "exists().where(Order.customer_id == Customer.id): ids / EXISTS tests deleted",
            ids_and_filtered(lab, customer_ids(exists().where(Order.customer_id == Customer.id))),
        )
        select_exists_ids, _ = lab.fact(
            "select(Order.id).where(...).exists(): ids / EXISTS tests deleted",
            ids_and_filtered(lab, customer_ids(select(Order.id).where(Order.customer_id == Customer.id).exists())),
        )
        with lab.capture() as joined:
            join_ids = lab.fact("select(Customer.id).join(Customer.orders): ids",
                                list(session.scalars(select(Customer.id).join(Customer.orders).order_by(Customer.id))))
        (join_select,) = joined.of_kind("SELECT")
        lab.fact("the JOIN statement tests deleted and has no WHERE (the test is in its ON clause)",
                 join_select.has_join and join_select.mentions("deleted") and not join_select.mentions("WHERE"))
        with lab.capture() as counted:
            order_count = lab.fact(
                "select(func.count()).select_from(Order)", session.scalar(select(func.count()).select_from(Order))
            )
        lab.fact("the count statement tests deleted", counted.of_kind("SELECT")[0].mentions("deleted"))

        # Two more places the text names: Order as the selected entity, and in a scalar subquery.
        lab.fact("select(Order.id): ids / tests deleted",
                 ids_and_filtered(lab, lambda: list(session.scalars(select(Order.id).order_by(Order.id)))))
        orders_of_customer = select(func.count(Order.id)).where(Order.customer_id == Customer.id).scalar_subquery()
        lab.fact(
            "scalar subquery counting each customer's orders: counts / tests deleted",
            ids_and_filtered(lab, lambda: list(session.scalars(
                select(orders_of_customer).select_from(Customer).order_by(Customer.id)))),
        )

    return {
        "A": any_ids == [1] and any_filtered,
        "B": any_ids == [1, 2] and not any_filtered,
        "C": bare_ids == [1] and bare_filtered,
        "D": select_exists_ids == [1],
        "E": join_ids == [1],
        "F": order_count == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)
