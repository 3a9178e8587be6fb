"""What the second SELECT of selectinload() reads for a many-to-many: the parent table again (2.0) or only the link table (2.1)."""

import re

from sqlalchemy import Column, ForeignKey, String, Table, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


enrolment = Table(
    "enrolment",
    Base.metadata,
    Column("student_id", ForeignKey("student.id"), primary_key=True),
    Column("course_id", ForeignKey("course.id"), primary_key=True),
)

friendship = Table(
    "friendship",
    Base.metadata,
    Column("student_id", ForeignKey("student.id"), primary_key=True),
    Column("friend_id", ForeignKey("student.id"), primary_key=True),
)


class Student(Base):
    __tablename__ = "student"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    courses: Mapped[list["Course"]] = relationship(secondary=enrolment)
    # The same link, with the optimisation switched off explicitly (read-only twin of `courses`).
    courses_via_parent: Mapped[list["Course"]] = relationship(secondary=enrolment, omit_join=False, viewonly=True)
    # Self-referential many-to-many: both ends of the link are students.
    friends: Mapped[list["Student"]] = relationship(
        secondary=friendship,
        primaryjoin=lambda: Student.id == friendship.c.student_id,
        secondaryjoin=lambda: Student.id == friendship.c.friend_id,
    )


class Course(Base):
    __tablename__ = "course"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))


def joins(statement: Statement) -> int:
    """How many JOINs the statement has (INNER JOIN and JOIN alike)."""
    return len(re.findall(r"\bJOIN\b", statement.sql, re.I))


def in_list_column(statement: Statement) -> str | None:
    """The column the statement's IN list filters on, as written (``enrolment.student_id``, ``student_1.id``)."""
    match = re.search(r"([\w.]+)\s+IN\s*\(", statement.sql, re.I)
    return match.group(1) if match else None


def collection_select(lab: Lab, attribute) -> tuple[Statement, int, list[int]]:
    """Load every student with ``selectinload(attribute)``.

    Returns the one extra SELECT it sent, how many SELECTs were sent in all,
    and the size of each loaded collection.
    """
    with Session(lab.engine) as session:
        with lab.capture() as sent:
            students = session.scalars(select(Student).options(selectinload(attribute)).order_by(Student.id)).all()
            sizes = [len(getattr(student, attribute.key)) for student in students]
    selects = sent.of_kind("SELECT")
    return selects[-1], len(selects), sizes


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        algebra, logic, physics = Course(title="algebra"), Course(title="logic"), Course(title="physics")
        ada = Student(name="ada", courses=[algebra, logic])
        bob = Student(name="bob", courses=[logic, physics])
        ada.friends.append(bob)
        session.add_all([ada, bob])
        session.commit()

    courses, courses_selects, course_sizes = collection_select(lab, Student.courses)
    lab.fact("courses: SELECTs sent in all / collection sizes", (courses_selects, course_sizes))
    lab.fact("courses: the extra SELECT", courses.sql)
    courses_shape = lab.fact(
        "courses: (JOINs, names the student table, column filtered by IN, IN-list sizes)",
        (joins(courses), courses.mentions("student"), in_list_column(courses), courses.in_list_sizes),
    )

    via_parent, _, via_parent_sizes = collection_select(lab, Student.courses_via_parent)
    via_parent_shape = lab.fact(
        "omit_join=False: (JOINs, names the student table)", (joins(via_parent), via_parent.mentions("student"))
    )
    lab.fact("omit_join=False: collection sizes", via_parent_sizes)

    friends, _, friend_sizes = collection_select(lab, Student.friends)
    friends_joins = lab.fact("friends: JOINs in the extra SELECT", joins(friends))
    lab.fact("friends: collection sizes", friend_sizes)

    # The IN list is sent in batches of 500 keys: with 501 students, two course SELECTs.
    with Session(lab.engine) as session:
        session.execute(insert(Student), [{"name": f"extra {n}"} for n in range(499)])
        session.commit()
    with Session(lab.engine) as session:
        with lab.capture() as batched:
            session.scalars(select(Student).options(selectinload(Student.courses))).all()
    lab.fact("501 students: IN-list sizes of the course SELECTs", [s.in_list_sizes for s in batched.of_kind("SELECT")[1:]])

    return {
        "A": courses_selects == 2 and course_sizes == [2, 2],
        "B": courses_shape[:2] == (2, True) and courses.mentions("enrolment") and courses.mentions("course")
        and re.fullmatch(r"student_\d+\.id", courses_shape[2] or "") is not None,
        "C": courses_shape == (1, False, "enrolment.student_id", [2]),
        "D": via_parent_shape == (2, True) and via_parent_sizes == [2, 2],
        "E": friends_joins == 1 and friend_sizes == [1, 0],
    }


if __name__ == "__main__":
    run_alone(__file__)
