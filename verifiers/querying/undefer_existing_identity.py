"""Re-selecting an identity-mapped object fills in attributes it has not loaded, and leaves loaded ones alone."""

from sqlalchemy import String, Text, insert, select, update
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
            conn.execute(insert(User).values(id=1, name="ada", bio="old bio"))

    with Session(lab.engine) as session:
        user = session.scalars(select(User)).one()                 # bio deferred: not loaded
        with lab.other_connection() as other:                        # another transaction changes the row
            other.execute(update(User).values(name="ada2", bio="new bio"))
            other.commit()
        with lab.capture() as reselect:
            again = session.scalars(select(User).options(undefer(User.bio))).one()
        selects_bio = lab.fact("the second SELECT reads bio", [s.mentions("bio") for s in reselect.of_kind("SELECT")])
        with lab.capture() as reading:
            bio, name = user.bio, user.name
        read_sql = lab.fact("statements sent reading bio and name", reading.kinds())
        lab.fact("bio and name seen", [bio, name])
        # what the row itself says, in the same transaction as the second SELECT
        row = lab.fact("the row as this transaction sees it", list(session.execute(select(User.name, User.bio)).one()))
        lab.fact("the row the second SELECT read is as the text says for this backend",
                 row == (["ada", "old bio"] if lab.backend == "mariadb" else ["ada2", "new bio"]) and bio == row[1])

    return {
        "A": reading.count("SELECT") > 0,
        "B": again is user and selects_bio == [True] and read_sql == [] and bio in ("old bio", "new bio") and name == "ada",
        "C": name == "ada2",
        "D": again is not user,
    }


if __name__ == "__main__":
    run_alone(__file__)
