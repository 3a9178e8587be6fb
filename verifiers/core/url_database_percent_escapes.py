"""Percent-escapes in a URL's database part: kept as written (2.0) or decoded and re-encoded (2.1)."""

from sqlalchemy.engine import URL, make_url

from verifiers import Lab, run_alone

PARSED = "postgresql+psycopg://app:p%40ss@db.example/sales%2F2024"


def prove(lab: Lab) -> dict[str, bool]:
    parsed = make_url(PARSED)
    database = lab.fact("make_url(...).database", parsed.database)
    password = lab.fact("make_url(...).password", parsed.password)

    built = URL.create("postgresql+psycopg", username="app", host="db.example", database="a?b=c")
    rendered = lab.fact("URL.create(database='a?b=c') rendered", built.render_as_string(hide_password=False))
    round_trip = make_url(rendered)
    lab.fact("parsed back: database and query", (round_trip.database, dict(round_trip.query)))

    return {
        "A": database == "sales/2024",
        "B": database == "sales%2F2024",
        "C": password == "p@ss",
        "D": round_trip.database == "a?b=c" and not round_trip.query,
        "E": round_trip.database == "a" and dict(round_trip.query) == {"b": "c"},
    }


if __name__ == "__main__":
    run_alone(__file__)
