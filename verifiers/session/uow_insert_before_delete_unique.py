"""In one flush the unit of work sends a table's INSERTs before its DELETEs, so swapping a unique value fails."""

from sqlalchemy import String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Attempt, Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)


def replace_the_tag(lab: Lab, label: str, flush_after_delete: bool) -> tuple[Capture, Attempt]:
    """Delete the committed "python" tag and add a new one of the same name, then commit.

    Returns what was sent from session.delete() to the end of the commit, and
    the outcome of the commit.
    """
    with Session(lab.engine) as session:
        old = session.scalars(select(Tag).where(Tag.name == "python")).one()
        with lab.capture() as sent:
            session.delete(old)
            if flush_after_delete:
                session.flush()
            session.add(Tag(name="python"))
            committing = lab.attempt(f"{label}: commit()", session.commit)
    lab.fact(f"{label}: statements sent, in order", sent.kinds())
    return sent, committing


def committed_tags(lab: Lab) -> list[tuple[int, str]]:
    with lab.other_connection() as other:
        return [tuple(row) for row in other.execute(select(Tag.id, Tag.name).order_by(Tag.id))]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Tag(name="python"))
        setup.commit()
    first_id = lab.fact("committed tags before", committed_tags(lab))[0][0]

    single, single_commit = replace_the_tag(lab, "delete, add, commit", flush_after_delete=False)
    after_single = lab.fact("committed tags after the single flush", committed_tags(lab))
    split, split_commit = replace_the_tag(lab, "delete, flush, add, commit", flush_after_delete=True)
    after_split = lab.fact("committed tags after the split flushes", committed_tags(lab))

    dml = single.of_kind("INSERT", "UPDATE", "DELETE").kinds()
    lab.fact("UPDATEs sent by the single flush", single.count("UPDATE"))

    return {
        "A": single_commit.raised(exc.IntegrityError),
        "B": single_commit.ok and dml == ["DELETE", "INSERT"],
        "C": dml == ["INSERT"],
        "D": single.count("UPDATE") == 1 and after_single == [(first_id, "python")] and single.count("DELETE", "INSERT") == 0,
        "E": split_commit.ok and split.of_kind("INSERT", "DELETE").kinds() == ["DELETE", "INSERT"]
        and [name for _, name in after_split] == ["python"],
    }


if __name__ == "__main__":
    run_alone(__file__)
