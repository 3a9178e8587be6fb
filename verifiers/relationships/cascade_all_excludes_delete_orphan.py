"""Removing a child from a collection: cascade="all" de-associates it; only delete-orphan deletes it."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Album(Base):
    __tablename__ = "album"
    id: Mapped[int] = mapped_column(primary_key=True)
    photos: Mapped[list["Photo"]] = relationship(cascade="all", order_by="Photo.id")


class Photo(Base):
    __tablename__ = "photo"
    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int | None] = mapped_column(ForeignKey("album.id"))


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[list["Line"]] = relationship(cascade="all, delete-orphan", order_by="Line.id")


class Line(Base):
    __tablename__ = "line"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))


def remove_first(lab: Lab, parent_cls: type, collection: str) -> list[str]:
    """Load the parent, remove its first child from the collection, flush; return the flush's statement kinds."""
    with Session(lab.engine) as session:
        parent = session.get(parent_cls, 1)
        children = getattr(parent, collection)
        children.remove(children[0])
        with lab.capture() as flushing:
            session.commit()
    return flushing.kinds()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Album).values(id=1))
            conn.execute(insert(Photo), [{"id": 1, "album_id": 1}, {"id": 2, "album_id": 1}])
            conn.execute(insert(Order).values(id=1))
            conn.execute(insert(Line), [{"id": 1, "order_id": 1}, {"id": 2, "order_id": 1}])

    album_sql = lab.fact("cascade='all': statements the commit sent", remove_first(lab, Album, "photos"))
    order_sql = lab.fact("cascade='all, delete-orphan': statements the commit sent", remove_first(lab, Order, "lines"))
    with lab.other_connection() as other:
        photos = lab.fact("photo rows (id, album_id)", [tuple(r) for r in other.execute(
            select(Photo.id, Photo.album_id).order_by(Photo.id))])
        lines = lab.fact("line rows (id, order_id)", [tuple(r) for r in other.execute(
            select(Line.id, Line.order_id).order_by(Line.id))])

    return {
        "A": "UPDATE" in album_sql and "DELETE" not in album_sql and photos == [(1, None), (2, 1)],
        "B": "DELETE" in album_sql,
        "C": "DELETE" in order_sql and "UPDATE" not in order_sql and lines == [(2, 1)],
        "D": album_sql == ["COMMIT"] and photos == [(1, 1), (2, 1)],
    }


if __name__ == "__main__":
    run_alone(__file__)
