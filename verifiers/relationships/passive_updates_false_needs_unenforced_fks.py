"""passive_updates=False: the ORM updates the children itself, but only after the parent's key, which an enforced FK refuses."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Country(Base):
    __tablename__ = "country"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    cities: Mapped[list["City"]] = relationship(passive_updates=False)


class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"))   # no ON UPDATE rule


def table_of(sql: str) -> str:
    words = sql.split()
    return words[1] if words[0].upper() == "UPDATE" else words[words.index("FROM") + 1]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Country).values(code="GER"))
            conn.execute(insert(City), [{"id": 1, "country_code": "GER"}, {"id": 2, "country_code": "GER"}])

    with Session(lab.engine) as session:
        country = session.get(Country, "GER")        # cities not loaded
        country.code = "DEU"
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        # what the transaction holds if the flush went through (it does not: see D)
        in_transaction = session.scalars(select(Country.code)).all() if flushed.ok else None
        lab.fact("country codes the flushing transaction holds", in_transaction)
        session.rollback()
    sent = lab.fact("the flush's statements, by kind and table", [f"{s.kind} {table_of(s.sql)}" for s in flushing.queries])

    # Where foreign keys are not enforced (SQLite with the pragma off, MariaDB with
    # foreign_key_checks off), the same flush completes, and shows its order.
    # PostgreSQL cannot switch enforcement off without superuser rights.
    unenforced = None
    switch = {"sqlite": ("PRAGMA foreign_keys=OFF", "PRAGMA foreign_keys=ON"),
              "mariadb": ("SET foreign_key_checks=0", "SET foreign_key_checks=1")}.get(lab.backend)
    if switch:
        with lab.engine.connect() as conn:
            conn.exec_driver_sql(switch[0])
            with Session(bind=conn) as session:
                session.get(Country, "GER").code = "DEU"
                with lab.capture() as unenforced_flush:
                    session.flush()
                unenforced = [f"{s.kind} {table_of(s.sql)}" for s in unenforced_flush.queries]
                session.rollback()
            conn.exec_driver_sql(switch[1])
    lab.fact("without enforcement the flush sends the parent's UPDATE, then the children's",
             unenforced == ["SELECT city", "UPDATE country", "UPDATE city"] if switch else True)

    with lab.other_connection() as other:
        stored = lab.fact("country codes stored", other.scalars(select(Country.code)).all())

    return {
        "A": sent == ["UPDATE country"],
        # any UPDATE of city before the UPDATE of country, and a flush that succeeds
        "B": flushed.ok and "UPDATE city" in sent and "UPDATE country" in sent
             and sent.index("UPDATE city") < sent.index("UPDATE country"),
        "C": flushed.ok and in_transaction == ["DEU"],
        "D": sent[:2] == ["SELECT city", "UPDATE country"] and flushed.raised(IntegrityError) and stored == ["GER"],
    }


if __name__ == "__main__":
    run_alone(__file__)
