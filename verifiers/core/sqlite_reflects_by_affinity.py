"""SQLite reflection maps declared types it does not know by SQLite's affinity rules, without a warning."""

import warnings

from sqlalchemy import NUMERIC, TEXT, exc, inspect, text
from sqlalchemy.types import NullType

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup(), lab.engine.begin() as conn:
        conn.execute(text("CREATE TABLE gadget (id INTEGER PRIMARY KEY, a FOOBAR, b VARCHAR(10), "
                          "c MONEYISH TEXT, d, e BIGINTEGERISH, f DOUBLE TROUBLE, g BLOBBY)"))

    with warnings.catch_warnings(record=True) as caught, lab.capture():
        warnings.simplefilter("always")
        reflected = lab.attempt("inspect(engine).get_columns('gadget')",
                                lambda: {c["name"]: c["type"] for c in inspect(lab.engine).get_columns("gadget")})
    warned = lab.fact("SAWarnings while reflecting", [str(w.message) for w in caught
                                                      if issubclass(w.category, exc.SAWarning)])
    types = reflected.value if reflected.ok else {}
    lab.fact("reflected types", {name: repr(t) for name, t in types.items()})
    lab.fact("types reflected for BIGINTEGERISH, DOUBLE TROUBLE, BLOBBY",
             [type(types.get(name)).__name__ for name in ("e", "f", "g")])

    return {
        "A": type(types.get("a")) is NUMERIC and not warned,
        "B": isinstance(types.get("a"), NullType) and bool(warned),
        "C": type(types.get("c")) is TEXT,
        "D": isinstance(types.get("d"), NullType),
        "E": not reflected.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)
