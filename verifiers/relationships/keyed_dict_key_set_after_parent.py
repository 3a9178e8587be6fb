"""A keyed dictionary collection filled through the backref: the key must be set before the parent is."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, attribute_keyed_dict, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Album(Base):
    __tablename__ = "album"
    id: Mapped[int] = mapped_column(primary_key=True)
    tracks: Mapped[dict[str, "Track"]] = relationship(
        collection_class=attribute_keyed_dict("title"), back_populates="album")


class Track(Base):
    __tablename__ = "track"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20))
    album_id: Mapped[int] = mapped_column(ForeignKey("album.id"))
    album: Mapped[Album] = relationship(back_populates="tracks")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture():
        Base.metadata.create_all(lab.engine)

    album = Album(id=1)  # new objects, no session: the collection is in memory
    album_first = lab.attempt('Track(id=1, album=album, title="intro")',
                              lambda: Track(id=1, album=album, title="intro"))
    title_first = lab.attempt('Track(id=2, title="outro", album=album)',
                              lambda: Track(id=2, title="outro", album=album))
    keys = lab.fact("album.tracks keys", sorted(album.tracks, key=str))

    return {
        "A": not title_first.ok,
        "B": album_first.ok and None in keys,
        "C": album_first.ok and "intro" in keys,
        "D": album_first.raised(InvalidRequestError, match="not populated") and title_first.ok and keys == ["outro"],
    }


if __name__ == "__main__":
    run_alone(__file__)
