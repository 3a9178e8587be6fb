"""back_populates given as a lambda instead of a string: accepted and synced in 2.1, a configuration error in 2.0."""

from sqlalchemy import ForeignKey
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Album(Base):
    __tablename__ = "album"
    id: Mapped[int] = mapped_column(primary_key=True)
    tracks: Mapped[list["Track"]] = relationship(back_populates=lambda: Track.album)


class Track(Base):
    __tablename__ = "track"
    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int | None] = mapped_column(ForeignKey("album.id"))
    album: Mapped[Album | None] = relationship(back_populates=lambda: Album.tracks)


def prove(lab: Lab) -> dict[str, bool]:
    configured = lab.attempt("configuring the mappers", Base.registry.configure)
    synced = None
    if configured.ok:
        album, track = Album(), Track()
        album.tracks.append(track)
        synced = track.album is album
    lab.fact("after album.tracks.append(track): track.album is album", synced)

    with lab.capture():
        Base.metadata.create_all(lab.engine)

    return {
        "A": configured.ok and synced is True,
        "B": configured.raised(InvalidRequestError, match="has no property"),
        "C": configured.ok and synced is False,
        "D": configured.raised(TypeError),
    }


if __name__ == "__main__":
    run_alone(__file__)
