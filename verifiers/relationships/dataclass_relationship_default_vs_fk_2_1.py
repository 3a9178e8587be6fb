"""A dataclass relationship default of None: written into __dict__ and winning over the FK at flush (2.0), or not (2.1)."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


class Player(Base):
    __tablename__ = "player"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str] = mapped_column(String(50))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("team.id"), default=None)
    team: Mapped[Optional[Team]] = relationship(default=None)


def stored_team_ids(lab: Lab) -> dict[str, int | None]:
    """Each player's team_id as committed, read on another connection."""
    with lab.other_connection() as other:
        return {name: team_id for name, team_id in other.execute(select(Player.name, Player.team_id))}


def constructed(lab: Lab, **kwargs) -> tuple[bool, object, bool, object]:
    """Construct a Player: is 'team' in its __dict__ (and what), what p.team reads, and raised?"""
    try:
        player = Player(**kwargs)
    except Exception as error:  # the option about the constructor refusing needs the failure, not a crash
        lab.fact(f"Player({kwargs}) raised", repr(error))
        return False, None, True, None
    in_dict = "team" in player.__dict__
    return in_dict, player.__dict__.get("team"), False, player


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Team(id=5, name="blue"))
        session.commit()

    with Session(lab.engine) as session:
        q_in_dict, q_dict_value, q_raised, q = constructed(lab, name="q", team_id=5)
        lab.fact('Player(name="q", team_id=5): "team" in __dict__, its value', (q_in_dict, q_dict_value))
        q_team_before_flush = lab.fact("q.team before the flush", None if q is None else q.team)
        r_in_dict, _, r_raised, r = constructed(lab, name="r", team_id=5, team=None)
        session.add_all([p for p in (q, r) if p is not None])
        with lab.capture() as flushed:
            session.commit()
        lab.fact("INSERT statements sent at commit", flushed.count("INSERT"))

    stored = lab.fact("team_id stored per player (another connection)", stored_team_ids(lab))

    return {
        "A": stored.get("q") == 5,
        "B": "q" in stored and stored["q"] is None,
        "C": q_in_dict and q_dict_value is None,
        "D": q is not None and q_team_before_flush is None,
        "E": "r" in stored and stored["r"] is None,
        "F": q_raised or r_raised,
    }


if __name__ == "__main__":
    run_alone(__file__)
