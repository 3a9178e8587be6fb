"""An Anki deck package (``.apkg``), made with genanki: a note per question, a subdeck per domain.

The front shows the title, the stem and the lettered options (and says when
several may be right); the back adds the key, the explanation, why each option
holds or not, and the footer (domain and level, references, proof line). Text
is HTML rendered from the bank's Markdown. Notes are tagged with the domain,
the level and the question's tags; each note's guid comes from ``domain/id``,
so importing a newer export updates the notes instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

import genanki

from .model import ExportQuestion
from .text import about_html, html, inline_html

MODEL_ID = 1_707_040_001  # fixed: Anki matches notes of a later import to this note type by it
DECK_ROOT_ID = 1_707_040_100
DECK_ROOT = "Proofbank (SQLAlchemy)"
FIELDS = ("QuestionId", "Title", "Stem", "Options", "Key", "Why", "Explanation", "About")

MODEL = genanki.Model(
    MODEL_ID, "Proofbank question",
    fields=[{"name": name} for name in FIELDS],
    templates=[{
        "name": "Question",
        "qfmt": "<h3>{{Title}}</h3>{{Stem}}{{Options}}",
        "afmt": "{{FrontSide}}<hr id=answer><p><b>Answer: {{Key}}</b></p>{{Explanation}}{{Why}}"
                "<div class=about>{{About}}</div>",
    }],
    css=".card{font-family:sans-serif;text-align:left}pre{background:#f4f4f4;padding:.5em;overflow-x:auto}"
        ".about{font-size:small;color:#555}",
    sort_field_index=1,
)
DOMAIN_DECK_IDS = {"core": 1, "relationships": 2, "querying": 3, "session": 4, "integration": 5}


def note_fields(question: ExportQuestion) -> list[str]:
    """The note's fields, in :data:`FIELDS` order."""
    options = "".join(f"<li><b>{o.letter}.</b> {inline_html(o.text)}</li>" for o in question.options)
    hint = "<p><i>Several options may be right: choose all that apply.</i></p>" if question.multiple else ""
    why = "".join(f"<li><b>{o.letter}</b> ({'right' if o.correct else 'wrong'}): {html(o.why)}</li>"
                  for o in question.options)
    return [f"{question.domain}/{question.id}", escape(question.title), html(question.stem),
            f'<ul class="options">{options}</ul>{hint}', ", ".join(question.key), f'<ul class="why">{why}</ul>',
            html(question.explanation), about_html(question)]


def note(question: ExportQuestion) -> genanki.Note:
    """The Anki note of one question."""
    tags = [question.domain, question.level, *question.tags]
    return genanki.Note(model=MODEL, fields=note_fields(question), tags=tags,
                        guid=genanki.guid_for("proofbank", question.domain, question.id))


def write_anki(questions: Sequence[ExportQuestion], out: Path) -> None:
    """Write ``questions`` to ``out`` as an Anki package with a subdeck per domain."""
    decks: dict[str, genanki.Deck] = {}
    for question in questions:
        if question.domain not in decks:
            decks[question.domain] = genanki.Deck(DECK_ROOT_ID + DOMAIN_DECK_IDS.get(question.domain, 0),
                                                  f"{DECK_ROOT}::{question.domain}")
        decks[question.domain].add_note(note(question))
    genanki.Package(list(decks.values())).write_to_file(str(out))
