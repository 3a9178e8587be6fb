"""A with_loader_criteria lambda is analysed once, yet the values it reads (closure variables,
attributes, dict items) are bound afresh on every use; calling a function inside it is refused."""

from collections.abc import Callable
from contextvars import ContextVar

from sqlalchemy import String, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, with_loader_criteria
from sqlalchemy.orm.interfaces import LoaderOption

from verifiers import Attempt, Capture, Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int]
    body: Mapped[str] = mapped_column(String(20))


class TenantContext:
    tenant = 0


CURRENT = {"tenant": 0}
tenant_var: ContextVar[int] = ContextVar("tenant_var", default=0)


def closure_style(tenant: int) -> LoaderOption:
    return with_loader_criteria(Note, lambda cls: cls.tenant_id == tenant)


def attribute_style(tenant: int) -> LoaderOption:
    TenantContext.tenant = tenant
    return with_loader_criteria(Note, lambda cls: cls.tenant_id == TenantContext.tenant)


def dict_style(tenant: int) -> LoaderOption:
    CURRENT["tenant"] = tenant
    return with_loader_criteria(Note, lambda cls: cls.tenant_id == CURRENT["tenant"])


def contextvar_style(tenant: int) -> LoaderOption:
    tenant_var.set(tenant)
    return with_loader_criteria(Note, lambda cls: cls.tenant_id == tenant_var.get())


def read_first_style(tenant: int) -> LoaderOption:
    """The fix the explanation gives: call tenant_var.get() outside the lambda and close over the value."""
    tenant_var.set(tenant)
    current = tenant_var.get()
    return with_loader_criteria(Note, lambda cls: cls.tenant_id == current)


def bodies_per_tenant(
    lab: Lab, style: Callable[[int], LoaderOption]
) -> tuple[dict[int, object], list[BaseException], Capture]:
    """For tenant 1 then tenant 2, the note bodies a query with ``style(tenant)`` returns,
    or the exception raised, as "ExceptionName: first line"; the exceptions; and the statements sent."""
    seen: dict[int, object] = {}
    errors: list[BaseException] = []
    with lab.capture() as sql:
        for tenant in (1, 2):
            with Session(lab.engine) as session:
                try:
                    seen[tenant] = sorted(n.body for n in session.scalars(select(Note).options(style(tenant))))
                except Exception as error:  # which class, and what it says, is the observation
                    seen[tenant] = f"{type(error).__name__}: {str(error)[:90]}"
                    errors.append(error)
    return seen, errors, sql


def same_sql_and_values(selects: StatementList) -> list[object]:
    """Whether the SELECTs have one SQL text, and the values each bound."""
    return [len({s.sql for s in selects}) == 1, [s.values for s in selects]]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([
            Note(tenant_id=1, body="one-a"), Note(tenant_id=1, body="one-b"), Note(tenant_id=2, body="two-a"),
        ])
        setup.commit()
    right = {1: ["one-a", "one-b"], 2: ["two-a"]}

    by_closure, _, closure_sql = bodies_per_tenant(lab, closure_style)
    lab.fact("closure variable: bodies for tenant 1, tenant 2", by_closure)
    closure_selects = closure_sql.of_kind("SELECT")
    lab.fact("closure variable: SQL of each SELECT", [s.sql for s in closure_selects])
    lab.fact("closure variable: parameters of each SELECT", [s.parameters for s in closure_selects])

    by_attribute, _, attribute_sql = bodies_per_tenant(lab, attribute_style)
    lab.fact("TenantContext.tenant: bodies for tenant 1, tenant 2", by_attribute)
    lab.fact("TenantContext.tenant: bodies for tenant 2", by_attribute[2])
    by_dict, _, dict_sql = bodies_per_tenant(lab, dict_style)
    lab.fact("CURRENT['tenant']: bodies for tenant 1, tenant 2", by_dict)
    lab.fact(
        "closure, attribute, dict item: one SQL text for both tenants, and the values each SELECT bound",
        [same_sql_and_values(sql.of_kind("SELECT")) for sql in (closure_sql, attribute_sql, dict_sql)],
    )

    by_contextvar, contextvar_errors, contextvar_sql = bodies_per_tenant(lab, contextvar_style)
    lab.fact("tenant_var.get(): bodies for tenant 1, tenant 2", by_contextvar)
    contextvar_selects = lab.fact("tenant_var.get(): SELECTs sent", contextvar_sql.count("SELECT"))
    building = lab.attempt("contextvar_style(1) alone, no query", lambda: contextvar_style(1))
    lab.fact("the with_loader_criteria() call itself raises InvalidRequestError", building.raised(InvalidRequestError))
    by_read_first, _, _ = bodies_per_tenant(lab, read_first_style)
    lab.fact(
        "tenant_var.get() read first, then closed over: bodies for tenant 1, tenant 2", [by_read_first[1], by_read_first[2]]
    )

    closure_same_sql_other_value = (
        len(closure_selects) == 2
        and closure_selects[0].sql == closure_selects[1].sql
        and sorted(closure_selects[0].values) == [1]
        and sorted(closure_selects[1].values) == [2]
    )
    contextvar_refused = len(contextvar_errors) == 2 and all(
        Attempt(error=error).raised(InvalidRequestError, match=r"Can't invoke Python callable get\(\)")
        for error in contextvar_errors
    )

    return {
        "A": by_attribute[1] == right[1] and by_attribute[2] == right[1],
        "B": by_closure == right,
        "C": by_dict == right,
        "D": by_contextvar == right,
        "E": contextvar_refused and contextvar_selects == 0,
        "F": closure_same_sql_other_value,
    }


if __name__ == "__main__":
    run_alone(__file__)
