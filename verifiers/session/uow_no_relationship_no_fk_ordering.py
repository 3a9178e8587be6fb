"""Without a relationship(), the flush does not order two mappers by their ForeignKey: it goes by class name."""

from sqlalchemy import ForeignKey, exc
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


# (a) the referencing class sorts first by name: Address < Customer
class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))


# (b) the referenced class sorts first by name: Author < Book
class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))


# The variant for option F: the same tables, with Address.customer declared.
class WithRelationship(DeclarativeBase):
    pass


class LinkedCustomer(WithRelationship):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class LinkedAddress(WithRelationship):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    customer: Mapped[LinkedCustomer] = relationship()


def tables_written(statements, *tables: str) -> list[str]:
    return [next(t for t in tables if s.mentions(t)) for s in statements]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    ordered = [t.name for t in Base.metadata.sorted_tables]
    lab.fact("metadata.sorted_tables puts customer before address, author before book",
             [ordered.index("customer") < ordered.index("address"), ordered.index("author") < ordered.index("book")])

    # (a)
    with Session(lab.engine) as session:
        with lab.capture() as a:
            session.add(Customer(id=1))      # the referenced row first
            session.add(Address(id=1, customer_id=1))
            flush_a = lab.attempt("flush (a)", session.flush)
        order_a = lab.fact("tables of the INSERTs flush (a) sent, in order",
                           tables_written(a.of_kind("INSERT"), "customer", "address"))
        session.rollback()

    # (b)
    with Session(lab.engine) as session:
        with lab.capture() as b_insert:
            session.add(Book(id=1, author_id=1))   # the referencing row first
            session.add(Author(id=1))
            insert_b = lab.attempt("inserts of (b), committed", session.commit)
        order_b_insert = lab.fact("tables of the INSERTs (b) sent, in order",
                                  tables_written(b_insert.of_kind("INSERT"), "author", "book"))
        with lab.capture() as b_delete:
            book, author = session.get(Book, 1), session.get(Author, 1)
            session.delete(book)    # the referencing row first
            session.delete(author)
            delete_b = lab.attempt("flush of the two deletes (b)", session.flush)
        order_b_delete = lab.fact("tables of the DELETEs (b) sent, in order",
                                  tables_written(b_delete.of_kind("DELETE"), "author", "book"))
        lab.fact("the DELETEs (b) sent follow the INSERTs' table order",
                 bool(order_b_delete) and order_b_delete == order_b_insert[:len(order_b_delete)])
        session.rollback()

    # (a) again, with a relationship() declared and the same calls
    with Session(lab.engine) as session:
        with lab.capture() as linked:
            session.add(LinkedCustomer(id=1))
            session.add(LinkedAddress(id=1, customer_id=1))
            flush_linked = lab.attempt("flush (a) with Address.customer declared", session.flush)
        lab.fact("tables of the INSERTs with the relationship, in order",
                 tables_written(linked.of_kind("INSERT"), "customer", "address"))
        session.rollback()

    return {
        "A": flush_a.ok and order_a == ["customer", "address"],
        "B": flush_a.raised(exc.IntegrityError) and order_a[:1] == ["address"],
        "C": insert_b.ok and delete_b.ok,
        "D": insert_b.ok and delete_b.raised(exc.IntegrityError) and order_b_delete[:1] == ["author"],
        "E": flush_a.ok and insert_b.ok and delete_b.ok,
        "F": flush_linked.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)
