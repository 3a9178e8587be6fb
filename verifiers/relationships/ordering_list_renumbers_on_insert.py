"""ordering_list numbers items on append and renumbers every item in Python on insert(); the flush UPDATEs them."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Playlist(Base):
    __tablename__ = "playlist"
    id: Mapped[int] = mapped_column(primary_key=True)
    tracks: Mapped[list["Track"]] = relationship(order_by="Track.position", collection_class=ordering_list("position"))


class Track(Base):
    __tablename__ = "track"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    position: Mapped[Optional[int]]
    playlist_id: Mapped[Optional[int]] = mapped_column(ForeignKey("playlist.id"))


def stored_positions(lab: Lab) -> dict[str, int | None]:
    """title -> position, as another connection reads the track table."""
    with lab.other_connection() as other:
        return {title: position for title, position in other.execute(select(Track.title, Track.position))}


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        playlist = Playlist()
        playlist.tracks.append(Track(title="a"))
        playlist.tracks.append(Track(title="b"))
        session.add(playlist)
        session.commit()
    after_appends = lab.fact("stored positions after the two appends", stored_positions(lab))

    with Session(lab.engine) as session:
        playlist = session.scalars(select(Playlist)).one()
        lab.fact("tracks once loaded (title, position)", [(t.title, t.position) for t in playlist.tracks])
        playlist.tracks.insert(0, Track(title="z"))
        in_memory = lab.fact("tracks after insert(0, z), before the flush (title, position)", [(t.title, t.position) for t in playlist.tracks])
        with lab.capture() as flushing:
            session.flush()
        session.commit()
    lab.fact("statements the flush sent", flushing.queries.kinds())
    updates = flushing.of_kind("UPDATE").mentioning("track")
    lab.fact("UPDATE statements on track, executemany?", [s.executemany for s in updates])
    lab.fact("parameter sets per UPDATE", [len(s.parameters) if s.executemany else 1 for s in updates])
    z_insert = flushing.of_kind("INSERT").mentioning("track")
    lab.fact(
        "the INSERT of z binds position 0",
        len(z_insert) == 1 and z_insert[0].values[:2] == ["z", 0],  # columns (title, position, playlist_id)
    )
    after_insert = lab.fact("stored positions after the commit", stored_positions(lab))

    return {
        "A": after_appends == {"a": 0, "b": 1},
        "B": in_memory == [("z", 0), ("a", 1), ("b", 2)],
        "C": in_memory == [("z", 0), ("a", 0), ("b", 1)] or in_memory[:1] == [("z", None)],
        "D": len(updates) == 1 and updates[0].executemany and len(updates[0].parameters) == 2 and flushing.count("INSERT") == 1 and after_insert == {"z": 0, "a": 1, "b": 2},
        "E": len(updates) == 1 and not updates[0].executemany and updates[0].mentions("playlist_id"),
        "F": after_insert.get("a") == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)
