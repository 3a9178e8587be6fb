"""str(url) masks the password: rebuilding an engine from it loses the password."""

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from verifiers import Lab, run_alone

URL_TEXT = "postgresql+psycopg://app:p%40ss%3Aw%2Frd@db.example/sales"  # password p@ss:w/rd


def prove(lab: Lab) -> dict[str, bool]:
    url = make_url(URL_TEXT)
    engine = create_engine(url)  # connects to nothing: only the URL is looked at here
    try:
        shown = lab.fact("str(url), repr(url), repr(engine), render_as_string()",
                         [str(url), repr(url), repr(engine), url.render_as_string()])
        reparsed = lab.fact("make_url(str(engine.url)).password", make_url(str(engine.url)).password)
        full = lab.fact("render_as_string(hide_password=False)", url.render_as_string(hide_password=False))
        round_trip = lab.fact("make_url(that).password", make_url(full).password)
    finally:
        engine.dispose()

    return {
        "A": "***" in shown[1] and "***" not in shown[0],
        "B": "p%40ss" in shown[0] or "p@ss" in shown[0],
        "C": round_trip == "p@ss:w/rd" and "p%40ss%3Aw%2Frd" in full,
        "D": all("***" in s and "p%40ss" not in s for s in shown) and reparsed == "***",
    }


if __name__ == "__main__":
    run_alone(__file__)
