"""Horizontal sharding: Session.get() queries the shards execute_chooser names, whatever identity_chooser says."""

from sqlalchemy import String, insert
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.ext.horizontal_shard import ShardedSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(30))


def shard_chooser(mapper, instance, clause=None):
    return "eu"


def identity_chooser(mapper, primary_key, *, lazy_loaded_from, execution_options, bind_arguments, **kw):
    return ["eu"]  # "a primary key can only be in eu"


def execute_chooser(orm_context):
    return ["eu", "us"]  # every query goes to both shards


def prove(lab: Lab) -> dict[str, bool]:
    schemas = {"eu": lab.schema("eu"), "us": lab.schema("us")}
    shards = {name: lab.engine.execution_options(schema_translate_map={None: schema})
              for name, schema in schemas.items()}
    with lab.setup():
        for shard, rows in (("eu", [(1, "Paris")]), ("us", [(1, "Boston"), (2, "Denver")])):
            Base.metadata.create_all(shards[shard])
            with shards[shard].begin() as conn:
                conn.execute(insert(City), [{"id": i, "name": n} for i, n in rows])

    def sharded_session() -> ShardedSession:
        return ShardedSession(shards=shards, shard_chooser=shard_chooser,
                              identity_chooser=identity_chooser, execute_chooser=execute_chooser)

    def shards_asked(capture) -> list[str]:
        return [name for statement in capture.of_kind("SELECT")
                for name, schema in schemas.items() if statement.mentions(schema)]

    with sharded_session() as session, lab.capture() as get_2:
        denver = lab.attempt("session.get(City, 2)", lambda: session.get(City, 2))
    asked_for_2 = lab.fact("shards get(City, 2) sent a SELECT to", shards_asked(get_2))
    found_2 = lab.fact("get(City, 2) returned", denver.value.name if denver.ok and denver.value else None)

    with sharded_session() as session, lab.capture() as get_1:
        either = lab.attempt("session.get(City, 1)", lambda: session.get(City, 1))
    lab.fact("shards get(City, 1) sent a SELECT to", shards_asked(get_1))

    with sharded_session() as session, lab.capture() as get_1_us:
        boston = lab.attempt('session.get(City, 1, identity_token="us")',
                             lambda: session.get(City, 1, identity_token="us"))
    asked_for_1_us = lab.fact('shards get(City, 1, identity_token="us") sent a SELECT to', shards_asked(get_1_us))
    found_1_us = boston.value.name if boston.ok and boston.value else None

    return {
        "A": asked_for_2 == ["eu"] and found_2 is None,
        "B": asked_for_2 == ["eu", "us"] and found_2 == "Denver",
        "C": either.ok and either.value is not None and either.value.name == "Paris",
        "D": either.raised(MultipleResultsFound),
        "E": asked_for_1_us == ["us"] and found_1_us == "Boston",
    }


if __name__ == "__main__":
    run_alone(__file__)
