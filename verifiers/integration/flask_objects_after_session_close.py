"""Flask views that close their Session before building the response: what was loaded can still be read,
what was expired or never loaded raises DetachedInstanceError."""

from flask import Flask
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    books: Mapped[list["Book"]] = relationship()


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(30))
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))


def build_app(lab: Lab, expire_on_commit: bool = True) -> Flask:
    """The question's app; `expire_on_commit` is the Session setting option E changes."""
    app = Flask(__name__)
    app.testing = True  # errors reach the test client instead of becoming a 500 page

    @app.post("/authors/<name>")
    def create_author(name: str):
        with Session(lab.engine, expire_on_commit=expire_on_commit) as session:
            author = Author(name=name)
            session.add(author)
            session.commit()
        return {"id": author.id}

    @app.get("/authors/<int:author_id>")
    def show_author(author_id: int):
        with Session(lab.engine) as session:
            author = session.get(Author, author_id)
        return {"name": author.name, "books": [book.title for book in author.books]}

    return app


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as session:
        session.add(Author(name="ann", books=[Book(title="first")]))  # id 1
        session.commit()

    client = build_app(lab).test_client()
    with lab.capture():
        created = lab.attempt("POST /authors/bob", lambda: client.post("/authors/bob"))
        shown = lab.attempt("GET /authors/1", lambda: client.get("/authors/1"))

    # What show_author's author held when the Session closed: its columns, but not its books.
    with Session(lab.engine) as session:
        author = session.get(Author, 1)
    lab.fact("author after session.get() and close()", lab.state(author))
    lab.fact("attributes the detached author never loaded", sorted(lab.state(author).unloaded))
    name_after_close = lab.attempt("author.name after close", lambda: author.name)

    no_expiry = build_app(lab, expire_on_commit=False).test_client()
    created_without_expiry = lab.attempt("POST /authors/cy with expire_on_commit=False",
                                         lambda: no_expiry.post("/authors/cy").get_json())

    return {
        "A": created.raised(DetachedInstanceError, match="refresh"),
        "B": created.ok and created.value.status_code == 200,
        "C": name_after_close.value == "ann" and shown.raised(DetachedInstanceError, match="books"),
        "D": shown.ok and shown.value.get_json() == {"name": "ann", "books": []},
        "E": created_without_expiry.ok and isinstance(created_without_expiry.value["id"], int),
    }


if __name__ == "__main__":
    run_alone(__file__)
