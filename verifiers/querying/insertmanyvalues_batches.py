"""An ORM bulk INSERT of 2500 rows: one executemany without RETURNING, pages of 1000 rows with it."""

from sqlalchemy import String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]


def rows_per_insert(sent: StatementList) -> list[int]:
    """Rows each INSERT carried: its parameter sets for an executemany of a single-row statement, else its
    bound values divided by the two columns of a multi-row VALUES list."""
    counts = []
    for s in sent.of_kind("INSERT"):
        single_row = "),(" not in s.sql.replace(" ", "")
        counts.append(len(s.parameters) if single_row else len(s.parameters) // 2)
    return counts


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        with lab.capture() as plain:
            session.execute(insert(User), [{"name": f"a{i}", "score": i} for i in range(2500)])
        with lab.capture() as returning:
            users = session.scalars(insert(User).returning(User),
                                    [{"name": f"b{i}", "score": i} for i in range(2500)]).all()
        session.commit()
    with lab.other_connection() as other:
        lab.fact("rows stored by (1) and (2)", other.scalar(select(func.count()).select_from(User)))

    small_pages = lab.make_engine(insertmanyvalues_page_size=500)
    with Session(small_pages) as session:
        with lab.capture() as paged:
            session.scalars(insert(User).returning(User), [{"name": f"c{i}", "score": i} for i in range(2500)]).all()
        session.commit()

    plain_rows = lab.fact("without RETURNING: rows per INSERT", rows_per_insert(plain))
    plain_many = lab.fact("without RETURNING: executemany flags", [s.executemany for s in plain.of_kind("INSERT")])
    returning_rows = lab.fact("with RETURNING: rows per INSERT", rows_per_insert(returning))
    paged_rows = lab.fact("page size 500: rows per INSERT", rows_per_insert(paged))
    with_returning = lab.fact("with RETURNING: every INSERT has a RETURNING clause, at the default page size and at 500",
                              [all(s.mentions("RETURNING") for s in sent.of_kind("INSERT")) for sent in (returning, paged)])
    lab.fact("objects returned", len(users))
    lab.fact("the dialect's default insertmanyvalues_page_size", lab.engine.dialect.insertmanyvalues_page_size)

    return {
        "A": plain_rows == [2500] and plain_many == [True],
        "B": plain_rows == [1] * 2500,
        "C": with_returning[0] and returning_rows == [2500],
        "D": with_returning[0] and returning_rows == [1000, 1000, 500],
        "E": with_returning[0] and returning_rows == [500] * 5,
        "F": with_returning[1] and paged_rows == [500] * 5,
    }


if __name__ == "__main__":
    run_alone(__file__)
