"""backref= creates the other side's attribute only when mappers are configured; back_populates declares it."""

from sqlalchemy import ForeignKey, inspect, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children = relationship("Child", backref="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


# Read at import time, right after the class statements, as module-level code would.
CHILD_PARENT_AT_IMPORT = hasattr(Child, "parent")


def query_at_import():
    return select(Child).where(Child.parent == None)  # noqa: E711


QUERY_AT_IMPORT = None
try:
    query_at_import()
except Exception as error:  # recorded by the proof below
    QUERY_AT_IMPORT = error


# The same pair declared with back_populates on both sides, in a registry of its own.
class OtherBase(DeclarativeBase):
    pass


class Owner(OtherBase):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    pets: Mapped[list["Pet"]] = relationship(back_populates="owner")


class Pet(OtherBase):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))
    owner: Mapped[Owner] = relationship(back_populates="pets")


PET_OWNER_AT_IMPORT = hasattr(Pet, "owner")


# A third pair with backref=, to see which kind of inspection configures the mappers.
class ThirdBase(DeclarativeBase):
    pass


class Shelf(ThirdBase):
    __tablename__ = "shelf"
    id: Mapped[int] = mapped_column(primary_key=True)
    books = relationship("Book", backref="shelf")


class Book(ThirdBase):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelf.id"))


inspect(Shelf)
BOOK_SHELF_AFTER_BARE_INSPECT = hasattr(Book, "shelf")
inspect(Shelf).relationships
BOOK_SHELF_AFTER_RELATIONSHIPS = hasattr(Book, "shelf")


def prove(lab: Lab) -> dict[str, bool]:
    before = lab.fact("hasattr(Child, 'parent') right after the class statements", CHILD_PARENT_AT_IMPORT)
    query_error = lab.fact("the query built right after the class statements raised",
                           f"{type(QUERY_AT_IMPORT).__name__}: {QUERY_AT_IMPORT}" if QUERY_AT_IMPORT else None)
    Parent()  # the first instantiation configures the mappers
    after = lab.fact("hasattr(Child, 'parent') after the first Parent()", hasattr(Child, "parent"))
    lab.fact("hasattr(Book, 'shelf') after a bare inspect(Shelf), and after reading its .relationships",
             [BOOK_SHELF_AFTER_BARE_INSPECT, BOOK_SHELF_AFTER_RELATIONSHIPS])
    pet_owner = lab.fact("hasattr(Pet, 'owner') right after the class statements", PET_OWNER_AT_IMPORT)

    with lab.capture():
        Base.metadata.create_all(lab.engine)

    return {
        "A": before is False,
        "B": isinstance(QUERY_AT_IMPORT, AttributeError) and "parent" in str(query_error),
        "C": after is True,
        "D": before is True,
        "E": pet_owner is False,
    }


if __name__ == "__main__":
    run_alone(__file__)
