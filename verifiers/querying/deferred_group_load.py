"""Columns sharing a deferred_group load together, once per object; undefer_group() puts them all in the main query."""

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, undefer_group

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    photo: Mapped[str] = mapped_column(String(50), deferred_group="media")
    video: Mapped[str] = mapped_column(String(50), deferred_group="media")


def columns_selected(statement: Statement) -> list[str]:
    """Which of the media columns a SELECT names (none of these statements filters or sorts on them)."""
    return [name for name in ("photo", "video") if statement.mentions(name)]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}", "photo": f"p{n}", "video": f"v{n}"} for n in (1, 2, 3)])

    with Session(lab.engine) as session:
        with lab.capture() as main_sql:
            users = session.scalars(select(User).order_by(User.id)).all()
        with lab.capture() as first_photo_sql:
            users[0].photo
        with lab.capture() as first_video_sql:
            users[0].video
        with lab.capture() as other_photos_sql:
            for user in users[1:]:
                user.photo

    main_columns = lab.fact("media columns in the plain select(User)", columns_selected(main_sql.of_kind("SELECT")[0]))
    photo_loads = first_photo_sql.of_kind("SELECT")
    photo_columns = lab.fact("columns the SELECT for u1.photo fetched", [columns_selected(s) for s in photo_loads])
    lab.fact("values bound to the SELECT for u1.photo", [s.values for s in photo_loads])
    video_selects = lab.fact("SELECTs for u1.video afterwards", first_video_sql.count("SELECT"))
    other_loads = other_photos_sql.of_kind("SELECT")
    other_selects = lab.fact("SELECTs for u2.photo and u3.photo", len(other_loads))
    lab.fact(
        "u2.photo, u3.photo: (values bound, columns fetched) of each SELECT",
        [(s.values, columns_selected(s)) for s in other_loads],
    )

    with Session(lab.engine) as session:
        with lab.capture() as undeferred_sql:
            users = session.scalars(select(User).options(undefer_group("media")).order_by(User.id)).all()
            media = lab.fact("media values with undefer_group", [(u.photo, u.video) for u in users])
    undeferred_selects = lab.fact("SELECTs with undefer_group, reading both columns", undeferred_sql.count("SELECT"))
    undeferred_columns = lab.fact(
        "media columns in the undefer_group SELECT", columns_selected(undeferred_sql.of_kind("SELECT")[0])
    )

    return {
        "A": photo_columns == [["photo", "video"]] and video_selects == 0,
        "B": len(photo_loads) == 1 and photo_columns[0] == ["photo"] and video_selects == 1,
        "C": main_columns == ["photo", "video"],
        "D": undeferred_selects == 1 and undeferred_columns == ["photo", "video"] and media[0] == ("p1", "v1"),
        "E": other_selects == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)
