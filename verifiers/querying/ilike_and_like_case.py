"""ilike() and like() with mixed case on three databases: ILIKE on PostgreSQL, lower() elsewhere; LIKE's own case rules differ."""

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ursula"}, {"id": 2, "name": "uma"}, {"id": 3, "name": "bob"}])

    with Session(lab.engine) as session, lab.capture() as sent:
        by_ilike = session.scalars(select(User.id).where(User.name.ilike("U%")).order_by(User.id)).all()
        by_like = session.scalars(select(User.id).where(User.name.like("U%")).order_by(User.id)).all()
    ilike_sql = " ".join(sent.of_kind("SELECT")[0].sql.split()).upper()
    lab.fact("ilike('U%') returned", by_ilike)
    lab.fact("like('U%') returned", by_like)
    ilike_form = lab.fact("ilike() rendered as", "ILIKE" if " ILIKE " in ilike_sql else
                          "lower() LIKE lower()" if "LOWER(USERS.NAME) LIKE LOWER(" in ilike_sql else "other")
    pg = lab.backend == "postgresql"
    with lab.engine.connect() as conn:
        if lab.backend == "sqlite":  # ASCII letters match across case, other letters do not
            rule = conn.exec_driver_sql("SELECT 'u' LIKE 'U', 'ü' LIKE 'Ü'").one()
            as_text_says = tuple(rule) == (1, 0)
        elif pg:
            rule = conn.exec_driver_sql("SELECT 'u' LIKE 'U', 'U' LIKE 'U'").one()
            as_text_says = tuple(rule) == (False, True)
        else:  # the column's collation decides, and the default one is case-insensitive
            rule = conn.exec_driver_sql(
                "SELECT collation_name FROM information_schema.columns"
                " WHERE table_schema = DATABASE() AND table_name = 'users' AND column_name = 'name'").one()
            as_text_says = rule[0].endswith("_ci")
    lab.fact("LIKE's case rule", list(rule))
    lab.fact("LIKE's case rule is as the text says for this backend", as_text_says)

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": by_ilike == [1, 2] and (ilike_form == "ILIKE" and by_like == [] if pg
                                     else ilike_form == "lower() LIKE lower()" and by_like == [1, 2]),
        "B": by_ilike == [1, 2] and (by_like == [1, 2] if pg else by_like == []),
        "C": by_ilike == [1, 2] and (ilike_form == "lower() LIKE lower()" and by_like == [] if pg
                                     else ilike_form == "ILIKE" and by_like == [1, 2]),
        "D": by_ilike == [] and by_like == [],
    }


if __name__ == "__main__":
    run_alone(__file__)
