"""Count results per domain and backend, and show them as one table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.table import Table

from .schema import BACKENDS, DOMAINS

RESULTS = ("passed", "failed", "skipped", "error", "outside range", "server failed", "not run")
# "server failed" and "not run" are the infrastructure's: a backend's server stopped working during the run


@dataclass
class Summary:
    """Results of question items, keyed by (domain, backend)."""

    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    def add(self, domain: str, backend: str, result: str) -> None:
        self.counts.setdefault((domain, backend), Counter())[result] += 1

    def total(self, result: str) -> int:
        return sum(c[result] for c in self.counts.values())

    @property
    def ok(self) -> bool:
        return not (self.total("failed") or self.total("error") or self.total("server failed"))

    def table(self) -> Table:
        backends = [b for b in BACKENDS if any(k[1] == b for k in self.counts)]
        table = Table(title="questions proved, per domain and backend", title_justify="left")
        table.add_column("domain")
        for backend in backends:
            table.add_column(backend, justify="right")
        for domain in [d for d in DOMAINS if any(k[0] == d for k in self.counts)]:
            table.add_row(domain, *(self._cell(self.counts.get((domain, b), Counter())) for b in backends))
        return table

    @staticmethod
    def _cell(counter: Counter[str]) -> str:
        if not counter:
            return "-"
        parts = [f"[green]{counter['passed']} passed[/]"] if counter["passed"] else []
        for result, colour in (("failed", "red"), ("error", "red"), ("server failed", "magenta"), ("not run", "magenta"),
                               ("skipped", "yellow"), ("outside range", "cyan")):
            if counter[result]:
                parts.append(f"[{colour}]{counter[result]} {result}[/]")
        return ", ".join(parts)
