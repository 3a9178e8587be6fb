"""text() looks for :name bind markers everywhere, string literals included; a backslash escapes one."""

from sqlalchemy import text
from sqlalchemy.exc import StatementError

from verifiers import Attempt, Lab, run_alone

SQL = {
    "meeting": "SELECT 'meet at :noon'",
    "clock": "SELECT 'at 10:30'",
    "double colon": "SELECT 'x::y'",
    "backslash": r"SELECT 'meet at \:noon'",
    "doubled": "SELECT 'meet at ::noon'",
}


def outcome(lab: Lab, label: str, sql: str) -> tuple[Attempt, list[str]]:
    """``conn.scalar(text(sql))`` with no parameters (recorded as the fact ``label``), and the SELECT
    strings that reached the driver."""
    with lab.engine.connect() as conn, lab.capture() as sent:
        result = lab.attempt(label, lambda: conn.scalar(text(sql)))
    return result, [statement.sql for statement in sent.of_kind("SELECT")]


def prove(lab: Lab) -> dict[str, bool]:
    lab.fact("bind parameters text() finds: meeting, clock, double colon, backslash, doubled",
             [sorted(text(sql).compile().params) for sql in SQL.values()])

    meeting, meeting_sent = outcome(lab, "meeting", SQL["meeting"])
    lab.fact("meeting: SELECTs sent", meeting_sent)
    clock, _ = outcome(lab, "clock", SQL["clock"])
    lab.fact("clock returned", clock.value)
    double_colon, _ = outcome(lab, "double colon", SQL["double colon"])
    backslash, backslash_sent = outcome(lab, "backslash", SQL["backslash"])
    lab.fact("backslash: the SELECT sent has a backslash", any("\\" in sql for sql in backslash_sent))
    doubled, doubled_sent = outcome(lab, "doubled", SQL["doubled"])
    lab.fact("doubled: the SELECT sent keeps '::noon'", any("::noon" in sql for sql in doubled_sent))
    lab.fact("doubled returned", doubled.value)

    return {
        "A": meeting.ok and meeting.value == "meet at :noon",
        "B": meeting.raised(StatementError, match=r"A value is required for bind parameter 'noon'")
        and meeting_sent == [],
        "C": clock.ok and clock.value != "at 10:30",
        "D": double_colon.ok and double_colon.value == "x::y",
        "E": backslash.ok and backslash.value == "meet at :noon",
        "F": doubled.ok and doubled.value == "meet at :noon",
    }


if __name__ == "__main__":
    run_alone(__file__)
