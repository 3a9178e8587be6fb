"""Mark the proved sentences of an explanation or a why: each quoted ``says`` links to its proof line.

The fragment is found in the Markdown source (white space may differ), fenced
with private-use characters that Markdown passes through untouched, and the
fences become HTML after rendering, so the marks survive emphasis and code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from ..proofview.view import ClaimRow

_OPEN, _MID, _CLOSE, _END = "\ue000", "\ue001", "\ue002", "\ue003"
_OPENING = re.compile(f"{_OPEN}(\\d+){_MID}")
_CLOSING = re.compile(f"{_CLOSE}(\\d+){_END}")


def claim_pattern(says: str) -> re.Pattern[str]:
    """Where ``says`` stands in a text, word for word, whatever the white space between the words."""
    return re.compile(r"\s+".join(re.escape(word) for word in says.split()))


def observed_text(claim: ClaimRow) -> str:
    """What the runs observed for a claim, e.g. "observed 0 on sqlite, postgresql, mariadb"."""
    by_value: dict[str, list[str]] = {}
    for backend, value in claim.observed:
        by_value.setdefault(value, []).append(backend)
    return "; ".join(f"observed {value} on {', '.join(backends)}" for value, backends in by_value.items())


def mark_claims(text: str, claims: Sequence[ClaimRow], render: Callable[[str], str], href: str = "") -> Markup:
    """``text`` rendered by ``render`` with every claim it quotes marked as proved (or not), linked to its line.

    ``href`` is put before ``#L<line>``: empty on the question page, the page's path elsewhere."""
    fenced = text
    placed: list[ClaimRow] = []
    for claim in claims:
        match = claim_pattern(claim.says).search(fenced)
        if not match:
            continue
        n = len(placed)
        placed.append(claim)
        fenced = (fenced[: match.start()] + f"{_OPEN}{n}{_MID}" + match.group(0) + f"{_CLOSE}{n}{_END}"
                  + fenced[match.end():])
    html = render(fenced)
    html = _OPENING.sub(lambda m: _opening(placed[int(m.group(1))]), html)
    html = _CLOSING.sub(lambda m: _closing(placed[int(m.group(1))], href), html)
    return Markup(html)


def _opening(claim: ClaimRow) -> str:
    state = "proved" if claim.proved else "unproved"
    return f'<span class="claim-mark {state}">'


def _closing(claim: ClaimRow, href: str) -> str:
    observed = observed_text(claim)
    verb = "proved" if claim.proved else "not proved"
    where = f"line {claim.line}" if claim.line else "the proof"
    title = f"{claim.fact} = {claim.expect} expected; {observed}" if observed else f"{claim.fact}: not run yet"
    link = (f'<a class="proof-ref" href="{escape(href)}#L{claim.line}" title="{escape(title)}">'
            if claim.line else f'<span class="proof-ref" title="{escape(title)}">')
    end = "</a>" if claim.line else "</span>"
    return (f'</span> {link}<span aria-hidden="true">{"✓" if claim.proved else "✗"}</span> {verb}, {escape(where)}: '
            f'<span class="observed">{escape(observed or "no run recorded it")}</span>{end}')
