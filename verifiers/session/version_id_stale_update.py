"""With version_id_col, an UPDATE from a session holding an old version matches no row and raises StaleDataError."""

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))
    version_id: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version_id}


def committed_row(lab: Lab) -> tuple:
    with lab.other_connection() as other:
        return tuple(other.execute(select(Doc.title, Doc.version_id).where(Doc.id == 1)).one())


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as setup:
            setup.add(Doc(id=1, title="draft"))
            setup.commit()
    lab.fact("version_id of the new row", committed_row(lab)[1])

    with Session(lab.engine) as s1, Session(lab.engine) as s2:
        a = s1.get(Doc, 1)
        b = s2.get(Doc, 1)
        with lab.capture() as first:
            a.title = "A"
            s1.commit()
        lab.fact("s1's commit sent", first.kinds())
        update = first.of_kind("UPDATE")[0]
        lab.fact("s1's UPDATE binds (title, new version, id, expected version)", update.values)
        after_first = lab.fact("row after s1's commit (title, version_id)", committed_row(lab))
        with lab.capture() as second:
            b.title = "B"
            commit = lab.attempt("s2.commit()", s2.commit)
        lab.fact("s2's commit sent", second.kinds())
        lab.fact("s2's UPDATE binds (title, new version, id, expected version)", second.of_kind("UPDATE")[0].values)
        s2.rollback()
    final = lab.fact("row after s2's commit (title, version_id)", committed_row(lab))

    return {
        "A": commit.ok and final == ("B", 3),
        "B": commit.raised(IntegrityError),
        "C": commit.raised(StaleDataError,
                           match=r"^UPDATE statement on table 'doc' expected to update 1 row\(s\); 0 were matched\.$")
        and final == ("A", 2),
        "D": second.count("SELECT") > 0 and second.count("UPDATE") == 0,
        "E": commit.ok and second.count("SELECT") > 0 and final == ("B", 3),
    }


if __name__ == "__main__":
    run_alone(__file__)
