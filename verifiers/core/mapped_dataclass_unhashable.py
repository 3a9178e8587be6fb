"""MappedAsDataclass classes get the dataclass __eq__, which leaves them without a __hash__."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column

from verifiers import Lab, run_alone


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class PlainBase(DeclarativeBase):
    pass


class Label(PlainBase):
    __tablename__ = "label"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


def prove(lab: Lab) -> dict[str, bool]:
    a, b = Tag(id=1, name="orm"), Tag(id=1, name="orm")
    equal = lab.fact("a == b", a == b)
    as_set = lab.attempt("{a, b}", lambda: {a, b})
    lab.fact("Tag.__hash__", repr(Tag.__hash__))

    with lab.setup():
        Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(a)
        with lab.capture():
            session.flush()
        equal_after_flush = lab.fact("a == b after a is flushed", a == b)
        session.rollback()

    plain_equal = lab.fact("Label(id=1, name='orm') == Label(id=1, name='orm')",
                           Label(id=1, name="orm") == Label(id=1, name="orm"))
    plain_set = lab.fact("len({Label(...), Label(...)})", len({Label(id=1, name="orm"), Label(id=1, name="orm")}))

    return {
        "A": not equal and equal_after_flush,
        "B": not equal and as_set.ok and len(as_set.value) == 2,
        "C": equal and as_set.ok and len(as_set.value) == 1,
        "D": not equal and as_set.raised(TypeError),
        "E": equal and as_set.raised(TypeError, match="unhashable"),
    }


if __name__ == "__main__":
    run_alone(__file__)
