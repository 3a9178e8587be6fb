"""text() looks for :name bind markers everywhere, string literals included; a backslash escapes one."""

from sqlalchemy import text
from sqlalchemy.exc import StatementError

from verifiers import Lab, run_alone

SQL = {
    "meeting": "SELECT 'meet at :noon'",
    "clock": "SELECT 'at 10:30'",
    "double colon": "SELECT 'x::y'",
    "backslash": r"SELECT 'meet at \:noon'",
    "doubled": "SELECT 'meet at ::noon'",
}


def outcome(lab: Lab, sql: str) -> tuple[object, list[str]]:
    """What ``conn.scalar(text(sql))`` gives with no parameters (the value, or the error as
    "ExceptionName: first line"), and the SELECT strings that reached the driver."""
    with lab.engine.connect() as conn, lab.capture() as sent:
        try:
            result: object = conn.scalar(text(sql))
        except StatementError as error:
            result = f"{type(error).__name__}: {str(error.orig or error).splitlines()[0]}"
    return result, [statement.sql for statement in sent.of_kind("SELECT")]


def prove(lab: Lab) -> dict[str, bool]:
    seen = {name: lab.fact(f"{sql}  ->  (result, SELECT sent)", outcome(lab, sql)) for name, sql in SQL.items()}
    meeting, meeting_sent = seen["meeting"]
    clock, _ = seen["clock"]
    double_colon, _ = seen["double colon"]
    backslash, _ = seen["backslash"]
    doubled, _ = seen["doubled"]

    return {
        "A": meeting == "meet at :noon",
        "B": isinstance(meeting, str) and meeting.startswith("StatementError") and "'noon'" in meeting
        and meeting_sent == [],
        "C": clock != "at 10:30",
        "D": double_colon == "x::y",
        "E": backslash == "meet at :noon",
        "F": doubled == "meet at :noon",
    }


if __name__ == "__main__":
    run_alone(__file__)
