"""A tenant filter added with with_loader_criteria() in do_orm_execute also filters later relationship loads."""

from sqlalchemy import ForeignKey, String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, with_loader_criteria

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class HasTenant:
    tenant_id: Mapped[int] = mapped_column()


class Customer(HasTenant, Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    orders: Mapped[list["Order"]] = relationship()


class Order(HasTenant, Base):
    __tablename__ = "purchase"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Customer(id=1, name="acme", tenant_id=1), Customer(id=2, name="other", tenant_id=2),
                             Order(id=10, customer_id=1, tenant_id=1), Order(id=11, customer_id=1, tenant_id=2)])
            session.commit()

    flags = []

    with Session(lab.engine) as session:
        @event.listens_for(session, "do_orm_execute")
        def only_tenant_1(state) -> None:
            flags.append("relationship load" if state.is_relationship_load else "statement")
            if state.is_select and not state.is_relationship_load:
                state.statement = state.statement.options(
                    with_loader_criteria(HasTenant, lambda cls: cls.tenant_id == 1, include_aliases=True))

        with lab.capture() as sent:
            customers = session.scalars(select(Customer).order_by(Customer.id)).all()
            order_ids = lab.fact("orders of customer 1 (lazy load)", sorted(o.id for o in customers[0].orders))
            other = lab.fact("session.get(Customer, 2)", session.get(Customer, 2))
    lab.fact("customers the SELECT returned", [c.id for c in customers])
    lab.fact("what do_orm_execute saw", flags)
    lazy_sql = sent.of_kind("SELECT")[1]
    lab.fact("the lazy load filters on tenant_id", "tenant_id" in lazy_sql.sql.partition("WHERE")[2])

    return {
        "A": "relationship load" not in flags,
        "B": order_ids == [10, 11],
        "C": other is not None,
        "D": [c.id for c in customers] == [1] and order_ids == [10] and other is None,
    }


if __name__ == "__main__":
    run_alone(__file__)
