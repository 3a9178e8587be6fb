"""Alembic's offline mode (--sql): a SQL script written for the database's dialect, without connecting to it."""

import io
import re
from pathlib import Path

from alembic import command
from alembic.util import CommandError
from sqlalchemy.engine import make_url

from verifiers import Lab, Revision, alembic_project, run_alone

REVISIONS = {
    "a1": Revision(None, """
        person = op.create_table('person', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(30)))
        op.bulk_insert(person, [{'id': 1, 'name': "O'Brien"}])
    """, "op.drop_table('person')"),
    "b2": Revision("a1", "op.add_column('person', sa.Column('email', sa.String(80)))", "op.drop_column('person', 'email')"),
}

# An env.py that supports offline mode: no engine, just a URL and the dialect it names.
OFFLINE_ENV = """\
from alembic import context

context.configure(
    url=context.config.attributes["url"],
    literal_binds=True,
    output_buffer=context.config.attributes["buffer"],
)
with context.begin_transaction():
    context.run_migrations()
"""

# Where nothing listens: port 1 on this machine, or a file in a folder that does not exist.
UNREACHABLE = {
    "postgresql": "postgresql+psycopg://nobody@127.0.0.1:1/nowhere",
    "mariadb": "mysql+pymysql://nobody@127.0.0.1:1/nowhere",
    "sqlite": "sqlite:////nonexistent-folder/nowhere.db",
}


def prove(lab: Lab) -> dict[str, bool]:
    with alembic_project(lab.engine, REVISIONS) as config:
        Path(config.get_main_option("script_location"), "env.py").write_text(OFFLINE_ENV)
        buffer = io.StringIO()
        config.attributes.update(url=make_url(UNREACHABLE[lab.backend]), buffer=buffer)
        upgraded = lab.attempt("alembic upgrade head --sql", lambda: command.upgrade(config, "head", sql=True))
        script = buffer.getvalue()
        config.attributes.update(buffer=io.StringIO())
        downgraded = lab.attempt("alembic downgrade base --sql", lambda: command.downgrade(config, "base", sql=True))
        lab.fact("downgrade base --sql raised CommandError asking for <fromrev>:<torev>",
                 downgraded.raised(CommandError, match="requires <fromrev>:<torev>"))
        ranged = lab.attempt("alembic downgrade b2:base --sql", lambda: command.downgrade(config, "b2:base", sql=True))
        lab.fact("downgrade b2:base --sql wrote a script", ranged.ok and "DROP TABLE person" in config.attributes["buffer"].getvalue())
    lines = [line.strip() for line in script.splitlines() if line.strip() and not line.startswith("--")]
    # Each statement that changes something: its first three words and the revision it writes, if any.
    steps = lab.fact("the script's CREATE/INSERT/ALTER/UPDATE statements, in order: table and revision written", [
        (" ".join(line.split()[:3]), next(iter(re.findall(r"(?:VALUES \(|version_num=)'(\w+)'", line)), None))
        for line in lines if line.startswith(("CREATE", "INSERT", "ALTER", "UPDATE"))])
    has_version_table = lab.fact("the script creates alembic_version", any(
        line.startswith("CREATE TABLE alembic_version") for line in lines))
    escaped = lab.fact("the script holds the literal 'O''Brien'", "'O''Brien'" in script)
    wrapped = lab.fact("the script starts with BEGIN; and ends with COMMIT;",
                       bool(lines) and lines[0] == "BEGIN;" and lines[-1] == "COMMIT;")
    placeholders = lab.fact("the script holds bound-parameter placeholders",
                            any(mark in script for mark in ("%(", "%s", " ?", "$1")))

    pg = lab.backend == "postgresql"
    return {
        "A": downgraded.ok,
        "B": escaped,
        "C": wrapped if pg else upgraded.ok and not any(line.upper().startswith("BEGIN") for line in lines),
        "D": upgraded.ok and has_version_table and steps == [
            ("CREATE TABLE alembic_version", None),
            ("CREATE TABLE person", None), ("INSERT INTO person", None),        # a1's statements
            ("INSERT INTO alembic_version", "a1"),
            ("ALTER TABLE person", None),                                       # b2's statement
            ("UPDATE alembic_version SET", "b2")],
        "E": placeholders,
    }


if __name__ == "__main__":
    run_alone(__file__)
