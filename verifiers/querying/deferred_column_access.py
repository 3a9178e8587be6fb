"""A deferred column is left out of the entity's SELECT and loaded per object on first access."""

from sqlalchemy import String, Text, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, undefer

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    bio: Mapped[str] = mapped_column(Text, deferred=True)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}", "bio": f"bio {i}"} for i in range(1, 6)])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            users = session.scalars(select(User).order_by(User.id)).all()
        first = loading.of_kind("SELECT")[0]
        lab.fact("the users' SELECT names bio", first.mentions("bio"))
        with lab.capture() as reading:
            bios = [u.bio for u in users]
        per_object = reading.of_kind("SELECT")
        lab.fact("SELECTs sent reading bio on 5 users", len(per_object))
        only_bio_by_id = lab.fact("each of those selects only bio, by the id of the object read", [
            s.mentions("bio") and not s.mentions("name") and s.values == [u.id] for s, u in zip(per_object, users)])

    with Session(lab.engine) as session, lab.capture() as undeferred:
        users = session.scalars(select(User).options(undefer(User.bio))).all()
        [u.bio for u in users]
    lab.fact("SELECTs with undefer(User.bio), reads included", undeferred.count("SELECT"))

    return {
        "A": not first.mentions("bio") and len(per_object) == 1,
        "B": not first.mentions("bio") and len(per_object) == 5 and all(only_bio_by_id)
        and bios == [f"bio {i}" for i in range(1, 6)],
        "C": first.mentions("bio") and per_object == [],
        "D": not first.mentions("bio") and bios[0] is None and per_object == [],
    }


if __name__ == "__main__":
    run_alone(__file__)
