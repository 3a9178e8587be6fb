"""Write the learner pages: one HTML file per question, the browse page, the practice exam, their data.

Every link is relative and every asset is in the output folder, so the site
opens from disk (file://) or any static server, offline. The output depends
only on the input: no build time is written, and everything is sorted.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

import sqlalchemy

from ..proofview.view import ClaimRow
from . import highlight
from .inputs import read_inputs, reference_version
from .marking import mark_claims
from .model import QuestionPage, Site, build_site

MARKER = ".proofbank-site"
STATIC_FILES = ("site.css", "site.js", "exam.js")


class OutputNotASite(Exception):
    """The output folder holds files that a previous build did not write."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    pages: int
    verified: int
    notes: tuple[str, ...] = ()


def _code_block(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang or "text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return pygments_highlight(code, lexer, HtmlFormatter(cssclass=highlight.CSS_CLASS))


_MARKDOWN = MarkdownIt("commonmark", {"html": False, "highlight": _code_block})


def markdown(text: str) -> Markup:
    """Markdown as HTML; raw HTML in the text is escaped, not passed through."""
    return Markup(_MARKDOWN.render(text))


def markdown_inline(text: str) -> Markup:
    return Markup(_MARKDOWN.renderInline(text))


def marked(text: str, claims: tuple[ClaimRow, ...], href: str = "") -> Markup:
    """Markdown as HTML, the sentences a proof checks marked and linked to their proof line."""
    return mark_claims(text, claims, lambda t: str(markdown(t)), href)


def marked_inline(text: str, claims: tuple[ClaimRow, ...], href: str = "") -> Markup:
    """Inline Markdown as HTML, the sentences a proof checks marked and linked to their proof line."""
    return mark_claims(text, claims, lambda t: str(markdown_inline(t)), href)


def plain(text: str) -> str:
    """The words of a Markdown text, for search."""
    return " ".join(text.replace("`", "").split())


def environment() -> Environment:
    env = Environment(loader=PackageLoader("verifiers.site", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(markdown=markdown, markdown_inline=markdown_inline, python_html=highlight.python_html,
                       sql_html=highlight.sql_html, plain=plain, marked=marked, marked_inline=marked_inline)
    return env


def question_data(page: QuestionPage, stem_html: str) -> dict[str, Any]:
    """What the practice exam needs to ask, mark and review one question.

    Its ``id`` is the neutral page name; the descriptive id (``question_id``) and
    the tags that are not topics are for the review only."""
    return {
        "id": page.slug, "question_id": page.id, "title": page.title, "domain": page.domain, "level": page.level,
        "tags": list(page.tags), "url": page.url, "stem": stem_html, "select_all": page.select_all,
        "options": [[o.letter, str(markdown_inline(o.text))] for o in page.options],
        "key": list(page.key), "key_version": page.key_version, "verified": page.badge.verified,
        "version_note": (f"The answer changed between SQLAlchemy releases: you are scored on the key for "
                         f"SQLAlchemy {page.key_version}." if page.has_version_keys else ""),
        "badge": page.badge.summary, "explanation": str(marked(page.explanation, page.proof.claims_in("explanation"),
                                                               page.url)),
        "why": {o.letter: str(marked_inline(o.why, page.proof.claims_in(f"why.{o.letter}"), page.url))
                for o in page.options},
    }


def _script(variable: str, value: Any, key: str | None = None) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    if key is None:
        return f"window.{variable} = {data};\n"
    return f"(window.{variable} = window.{variable} || {{}})[{json.dumps(key)}] = {data};\n"


def render_site(site: Site) -> dict[str, str]:
    """Every file of the site, by relative path."""
    env = environment()
    files: dict[str, str] = {}
    common = {"site": site}
    files["index.html"] = env.get_template("index.html.j2").render(base="", **common)
    files["exam.html"] = env.get_template("exam.html.j2").render(base="", **common)
    question_template = env.get_template("question.html.j2")
    proof_macros = env.get_template("_proofview.html.j2").module
    exam_data = []
    for page in site.pages:
        stem_html, proof_lines = markdown(page.stem), highlight.python_lines(page.proof_source)
        files[page.url] = question_template.render(
            base="../", page=page, stem_html=stem_html, proof_lines=proof_lines, **common)
        # The exam's review shows the same proof view, without line anchors (several share its page).
        review_html = (str(proof_macros.proof_view(page.proof, proof_lines, anchors=False))
                       + str(proof_macros.facts_table(page.proof, href=page.url)))
        files[f"data/proofs/{page.slug}.js"] = _script("PROOFBANK_PROOFS", {"path": page.proof_path, "html": review_html},
                                                       page.slug)
        exam_data.append(question_data(page, str(stem_html)))
    files["data/questions.js"] = _script("PROOFBANK_QUESTIONS", exam_data)
    static = resources.files("verifiers.site") / "static"
    for name in STATIC_FILES:
        files[f"static/{name}"] = (static / name).read_text(encoding="utf-8")
    files["static/pygments.css"] = highlight.stylesheet()
    files[MARKER] = "Written by `proofbank site`; the whole folder is replaced by the next build.\n"
    return files


def write_site(site: Site, out: Path) -> BuildResult:
    """Render ``site`` into ``out``, replacing a previous build there; refuses a folder of other files."""
    files = render_site(site)
    if out.exists():
        if not out.is_dir():
            raise OutputNotASite(f"{out} is a file; choose a folder for the site with --out")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutputNotASite(f"{out} is not empty and was not written by `proofbank site`; "
                                 "choose an empty or new folder with --out")
        shutil.rmtree(out)
    for relative, text in sorted(files.items()):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return BuildResult(out=out, files=len(files), pages=len(site.pages), verified=site.verified_count)


def build_project_site(root: Path, out: Path, record_dir: Path, matrix_path: Path | None) -> BuildResult:
    """Read the bank under ``root``, its records and matrix record, and write the site into ``out``."""
    inputs = read_inputs(root, record_dir, matrix_path)
    site = build_site(inputs.sources, inputs.records, inputs.matrix,
                      reference_version(inputs.records, sqlalchemy.__version__), inputs.vocabulary, inputs.history)
    result = write_site(site, out)
    return BuildResult(out=result.out, files=result.files, pages=result.pages, verified=result.verified,
                       notes=tuple(inputs.notes))
