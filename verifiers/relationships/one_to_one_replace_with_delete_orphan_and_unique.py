"""Replacing a one-to-one child: the default cascade nulls the old row first; delete-orphan INSERTs before it DELETEs."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


# Default cascade; the child's foreign key is UNIQUE (one profile per user).
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[Optional["Profile"]] = relationship(back_populates="user")


class Profile(Base):
    __tablename__ = "profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    bio: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), unique=True)
    user: Mapped[Optional[User]] = relationship(back_populates="profile")


# The same, with the profile owned by its user.
class OwnerUser(Base):
    __tablename__ = "owner_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[Optional["OwnedProfile"]] = relationship(back_populates="user", cascade="all, delete-orphan")


class OwnedProfile(Base):
    __tablename__ = "owned_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    bio: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owner_users.id"), unique=True)
    user: Mapped[Optional[OwnerUser]] = relationship(back_populates="profile")


# Owned as well, but without the UNIQUE constraint.
class LooseUser(Base):
    __tablename__ = "loose_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[Optional["LooseProfile"]] = relationship(back_populates="user", cascade="all, delete-orphan")


class LooseProfile(Base):
    __tablename__ = "loose_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    bio: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("loose_users.id"))
    user: Mapped[Optional[LooseUser]] = relationship(back_populates="profile")


def replace_profile(lab: Lab, user_class: type, profile_class: type, label: str) -> tuple[Capture, str | None, list]:
    """Load the user and its profile, assign a new profile, flush and commit.

    Returns what the flush sent, the flush's error class name if any, and the (bio, user_id) rows afterwards.
    """
    with Session(lab.engine) as session:
        user = session.scalars(select(user_class)).one()
        lab.fact(f"{label}: profile before", user.profile.bio)
        user.profile = profile_class(bio="new")
        error = None
        with lab.capture() as flushed:
            try:
                session.flush()
            except IntegrityError as exc:
                error = type(exc).__name__
        if error is None:
            session.commit()
        else:
            session.rollback()
    lab.fact(f"{label}: statements the flush sent", flushed.queries.kinds())
    lab.fact(f"{label}: exception from the flush", error)
    with lab.other_connection() as other:
        rows = other.execute(select(profile_class.bio, profile_class.user_id).order_by(profile_class.bio)).all()
    rows = lab.fact(f"{label}: (bio, user_id) rows afterwards", [tuple(r) for r in rows])
    return flushed.queries, error, rows


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(User(id=1, profile=Profile(bio="old")))
        session.add(OwnerUser(id=1, profile=OwnedProfile(bio="old")))
        session.add(LooseUser(id=1, profile=LooseProfile(bio="old")))
        session.commit()

    default, default_error, default_rows = replace_profile(lab, User, Profile, "default cascade")
    owned, owned_error, owned_rows = replace_profile(lab, OwnerUser, OwnedProfile, "delete-orphan + UNIQUE")
    loose, loose_error, loose_rows = replace_profile(lab, LooseUser, LooseProfile, "delete-orphan, no UNIQUE")

    return {
        "A": default_error is None and default.kinds() == ["UPDATE", "INSERT"] and default_rows == [("new", 1), ("old", None)],
        "B": default.count("DELETE") > 0 or len(default_rows) < 2,
        "C": owned_error is None and owned.kinds()[:1] == ["DELETE"],
        "D": owned_error == "IntegrityError" and owned.kinds() == ["INSERT"] and owned_rows == [("old", 1)],
        "E": owned.kinds()[:1] == ["UPDATE"],
        "F": loose_error is None and loose.kinds() == ["INSERT", "DELETE"] and loose_rows == [("new", 1)],
    }


if __name__ == "__main__":
    run_alone(__file__)
