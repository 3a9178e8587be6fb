"""Markdown of the bank as HTML for the formats that carry HTML, and the shared "about this question" footer.

The learner site renders Markdown with markdown-it-py; the exports do too,
with the same CommonMark rules and raw HTML escaped, but without Pygments
classes: a learning platform has no stylesheet for them, so code blocks stay
plain ``<pre><code class="language-…">``.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from .model import ExportQuestion

_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def html(text: str) -> str:
    """Markdown (block) as HTML."""
    return _MARKDOWN.render(text).strip()


def inline_html(text: str) -> str:
    """Markdown of one line (an option) as HTML, without a wrapping paragraph."""
    return _MARKDOWN.renderInline(text).strip()


def about_lines(question: ExportQuestion) -> list[str]:
    """Domain and level, references and the proof line, as plain lines of text."""
    lines = [f"Domain: {question.domain}; level: {question.level}; SQLAlchemy {question.sqlalchemy} "
             f"(key for {question.key_range})."]
    lines += [f"Reference: {url}" for url in question.references]
    lines.append(question.proved_line)
    return lines


def about_html(question: ExportQuestion) -> str:
    """The same as :func:`about_lines`, as HTML with links."""
    parts = [f"<p>Domain: {escape(question.domain)}; level: {escape(question.level)}; "
             f"SQLAlchemy {escape(question.sqlalchemy)} (key for {escape(question.key_range)}).</p>"]
    if question.references:
        items = "".join(f'<li><a href="{escape(url)}">{escape(url)}</a></li>' for url in question.references)
        parts.append(f"<p>References:</p><ul>{items}</ul>")
    proved = escape(question.proof_sentence)
    if question.page_url:
        proved += f' <a href="{escape(question.page_url)}">Proof and SQL</a>'
    parts.append(f'<p class="proofbank-proved">{proved}</p>')
    return "\n".join(parts)


def feedback_html(question: ExportQuestion) -> str:
    """The overall explanation followed by the footer: what every HTML format shows after answering."""
    return html(question.explanation) + "\n" + about_html(question)
