"""default= and insert_default= on one dataclass-mapped column: two defaults in 2.0, an ArgumentError in 2.1."""

from sqlalchemy import exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column

from verifiers import Lab, run_alone


def declare_reading(base: type) -> type:
    """The class of the stem, declared on ``base`` (a failed declaration must not spoil another registry)."""

    class Reading(base):
        __tablename__ = "reading"
        id: Mapped[int] = mapped_column(primary_key=True, init=False)
        level: Mapped[int] = mapped_column(default=1, insert_default=2)

    return Reading


def declare_reading_plain(base: type) -> type:
    """The same column on a class mapped without dataclasses."""

    class Reading(base):
        __tablename__ = "reading"
        id: Mapped[int] = mapped_column(primary_key=True)
        level: Mapped[int] = mapped_column(default=1, insert_default=2)

    return Reading


def prove(lab: Lab) -> dict[str, bool]:
    class Base(MappedAsDataclass, DeclarativeBase):
        pass

    declared = lab.attempt("declaring Reading", lambda: declare_reading(Base))
    constructed = inserted = core_stored = None
    if declared.ok:
        Reading = declared.value
        with lab.setup():
            Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            reading = Reading()
            constructed = lab.fact("Reading().level before the flush", reading.level)
            session.add(reading)
            with lab.capture() as flushed:
                session.flush()
            inserted = lab.fact("level the INSERT bound", flushed.of_kind("INSERT")[0].values)
            session.commit()
        with lab.engine.begin() as conn:
            conn.execute(insert(Reading.__table__))
            core_stored = lab.fact("level stored by a Core insert that omits it",
                                   conn.scalar(select(Reading.__table__.c.level).order_by(Reading.__table__.c.id.desc())))

    class PlainBase(DeclarativeBase):  # no dataclass mapping at all
        pass

    plain = lab.attempt("declaring Reading on a plain (non-dataclass) base", lambda: declare_reading_plain(PlainBase))
    lab.fact("on a plain base, the declaration is refused with ArgumentError",
             plain.raised(exc.ArgumentError, match="mutually exclusive"))
    lab.fact("on a plain base, the Column default of level",
             plain.value.__table__.c.level.default.arg if plain.ok else None)

    return {
        "A": declared.ok and constructed == 1 and inserted == [1] and core_stored == 2,
        "B": declared.ok and inserted == [2],
        "C": declared.raised(exc.ArgumentError, match="mutually exclusive"),
        "D": declared.ok and constructed is None and inserted == [2],
        "E": declared.ok and constructed == 1 and inserted == [1] and core_stored == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)
