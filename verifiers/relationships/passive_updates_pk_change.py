"""Changing a natural primary key with passive_updates=True: one UPDATE; children follow in memory and by ON UPDATE CASCADE."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Country(Base):
    __tablename__ = "country"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)   # a natural key
    cities: Mapped[list["City"]] = relationship()                    # passive_updates=True by default


class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code", onupdate="CASCADE"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Country).values(code="GER"))
            conn.execute(insert(City), [{"id": 1, "country_code": "GER"}, {"id": 2, "country_code": "GER"}])

    with Session(lab.engine) as session:
        country = session.scalars(select(Country).options(selectinload(Country.cities))).one()
        cities = list(country.cities)
        country.code = "DEU"
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        with lab.capture() as reading:
            in_memory = lab.fact("country_code of the loaded cities after the flush",
                                 [c.country_code for c in cities])
        with lab.capture() as committing:
            session.commit()
    lab.fact("statements reading the cities' country_code sent", len(reading.queries))
    lab.fact("UPDATEs of city the commit sent", len([q for q in committing.of_kind("UPDATE") if q.mentions("city")]))
    updates = flushing.of_kind("UPDATE")
    lab.fact("statements the flush sent", flushing.kinds())
    only_country = lab.fact("the flush's UPDATEs, by table",
                            ["city" if u.mentions("city") else "country" for u in updates])

    with lab.other_connection() as other:
        stored = lab.fact("city rows in the database", other.scalars(select(City.country_code).order_by(City.id)).all())

    return {
        "A": flushed.ok and only_country == ["country"],
        "B": in_memory == ["DEU", "DEU"] and len(reading.queries) == 0
             and not any(q.mentions("city") for q in flushing.queries),
        "C": "city" in only_country,
        "D": stored == ["DEU", "DEU"],
        "E": not flushed.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)
