"""Changing a plain JSON value in place is invisible to the ORM: commit writes nothing and the change is lost."""

from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


def stored_data(lab: Lab) -> dict[str, Any]:
    with lab.other_connection() as other:
        return other.scalar(select(Doc.data).where(Doc.id == 1))


def change_in_place(lab: Lab, label: str, flag: bool) -> tuple[bool, int, Any]:
    """Set data["k"] = 2 in place (and flag the attribute if asked), then commit.

    Returns is_modified() before the commit, the UPDATEs the commit sent, and data["k"] read after it.
    """
    with Session(lab.engine) as session:
        doc = session.get(Doc, 1)
        doc.data["k"] = 2
        if flag:
            flag_modified(doc, "data")
        modified = lab.fact(f"{label}: session.is_modified(doc) before commit", session.is_modified(doc))
        with lab.capture() as committing:
            session.commit()
        lab.fact(f"{label}: statements commit() sent", committing.kinds())
        with lab.capture() as reading:
            after = lab.fact(f"{label}: doc.data['k'] read after commit", doc.data["k"])
        lab.fact(f"{label}: statements that read sent", reading.queries.kinds())
    return modified, committing.count("UPDATE"), after


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Doc(id=1, data={"k": 1}))
        setup.commit()

    modified, updates, after = change_in_place(lab, "in place", flag=False)
    stored = lab.fact("data another connection reads", stored_data(lab))
    _, flagged_updates, _ = change_in_place(lab, "in place + flag_modified", flag=True)
    flagged_stored = lab.fact("data another connection reads after the flagged commit", stored_data(lab))

    return {
        "A": modified,
        "B": updates == 1,
        "C": after == 1 and stored == {"k": 1},
        "D": after == 2 and stored == {"k": 1},
        "E": flagged_updates == 1 and flagged_stored == {"k": 2},
    }


if __name__ == "__main__":
    run_alone(__file__)
