"""The learner pages in a real browser: find a question, answer it, read its proof and SQL, take an exam.

Runs real questions through the harness first, so the pages show real records.
Needs Debian's Chromium (/usr/bin/chromium) and the playwright package; without
them the test is skipped with the reason, or fails under CI (CI=true) or with
--require-browser. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sitebrowser import DESKTOP, PHONE, answer_question_page, browser_missing, chromium, question_file, screenshot_question

from verifiers.harness.backends.registry import BackendMissing, Backends
from verifiers.harness.bank import iter_question_paths, load_question
from verifiers.harness.records import write_record
from verifiers.harness.runner import run_question
from verifiers.harness.vocabulary import load_vocabulary
from verifiers.proofview.sqltext import comparable, tidy
from verifiers.site.build import build_project_site
from verifiers.site.model import page_slug
from verifiers.site.versions import key_for, nearest_range

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
QUESTIONS = {qf.question.id: qf for qf in map(load_question, iter_question_paths(ROOT / "bank"))}
# Run for real: a "select all" question (the one searched for), a one-answer question, and one more.
PROVED = ["flushed-rows-invisible-to-others", "pending-rollback-error", "savepoint-rollback-scope"]
SEARCH = "flush independent connection"
BY_SLUG = {page_slug(qf.question.domain, i): i for i, qf in QUESTIONS.items()}
# Each proof line's number and the text of the statement groups under it (up to the next line).
SQL_UNDER_LINES = """() => {
  const found = {};
  let line = null;
  for (const el of document.querySelector('.proof-view').children) {
    if (el.classList.contains('pl')) { line = el.id.slice(1); continue; }
    if (el.classList.contains('line-sql')) {
      (found[line] = found[line] || []).push({
        phase: [...el.classList].find(c => c.startsWith('phase-')).slice(6),
        text: el.textContent, visible: el.querySelector('.stmt, .stmt-none').checkVisibility(),
        folded: !!el.querySelector('details:not([open])')});
    }
  }
  return found;
}"""


def key_of(question_id: str) -> list[str]:
    question = QUESTIONS[question_id].question
    return list(key_for(question, sqlalchemy.__version__) or nearest_range(question, sqlalchemy.__version__).letters)


def shown_letters(page: Any) -> list[tuple[str, str]]:
    """The exam question's options in page order, as (letter shown in this attempt, the question's own letter)."""
    return [tuple(pair) for pair in page.locator("#exam-options input").evaluate_all(
        "inputs => inputs.map(i => [i.value, i.getAttribute('data-own-letter')])")]


def wrong_answer(question_id: str) -> list[str]:
    key = key_of(question_id)
    return [next(letter for letter in QUESTIONS[question_id].question.options if letter not in key)]


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    missing = browser_missing()
    if missing:
        if os.environ.get("CI") == "true" or request.config.getoption("--require-browser"):
            pytest.fail(f"the browser test must run here (CI or --require-browser), but {missing}", pytrace=False)
        pytest.skip(missing)
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, proofbank_backends: Backends) -> dict[str, Any]:
    """Run PROVED on every backend available here, write their records, build the site from them."""
    folder = tmp_path_factory.mktemp("site")
    records = folder / "records"
    written: dict[str, dict[str, dict[str, Any]]] = {}
    for question_id in PROVED:
        question_file = QUESTIONS[question_id]
        for backend in question_file.question.backends:
            try:
                server = proofbank_backends.get(backend)
            except BackendMissing:
                assert backend != "sqlite"
                continue
            path = write_record(run_question(question_file, server, 60), records)
            written.setdefault(question_id, {})[backend] = json.loads(path.read_text(encoding="utf-8"))
    assert "sqlite" in written[PROVED[0]]
    site = folder / "out"
    build_project_site(ROOT, site, records, None)
    return {"site": site, "records": written}


def watch_requests(page: Any) -> list[str]:
    """Every URL the page asks for, to check that none leaves the disk."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    return requested


def squeeze(sql: str) -> str:
    return re.sub(r"\s+", "", sql)


def test_find_answer_and_read_a_question_with_its_proof_and_sql(browser: Any, real_site: dict[str, Any]) -> None:
    site: Path = real_site["site"]
    question_id = PROVED[0]
    records = real_site["records"][question_id]
    page = browser.new_page(viewport=DESKTOP)
    requested = watch_requests(page)
    page.goto((site / "index.html").as_uri())

    page.fill("#search", SEARCH)
    visible = page.locator(".question-item:visible")
    assert visible.count() >= 1
    slug = page_slug("session", question_id)
    assert slug in visible.evaluate_all("items => items.map(i => i.dataset.slug)")
    assert page.locator(".question-item[hidden]").count() >= 1, "the search hid nothing"
    assert "match" in page.text_content("#match-count")
    assert question_id not in page.content(), "the index names the descriptive id"
    page.click(f'.question-item[data-slug="{slug}"] a')
    page.wait_for_url(f"**/q/{slug}.html")

    verified = set(records) == set(QUESTIONS[question_id].question.backends) and all(
        r["status"] == "passed" for r in records.values())
    assert page.text_content(".verification .badge").strip() == ("VERIFIED" if verified else "UNVERIFIED")
    assert records["sqlite"]["sqlalchemy_version"] in page.text_content(".verification")
    assert page.locator("#reveal").is_hidden()
    # Before the reveal: no descriptive id (in the address or on the page) and no tag that is not a topic.
    before = page.inner_text("main")
    assert question_id not in page.url and question_id not in before
    topics = {name for name, tag in load_vocabulary(ROOT / "bank").items() if tag.topic}
    shown_tags = set(page.locator(".question-meta .tag").all_text_contents())
    assert shown_tags <= topics
    assert "proofbank_" not in page.content(), "a harness name reached the page"

    answer_question_page(page, key_of(question_id))
    assert page.text_content("#answer-result").startswith("Right.")
    assert question_id in page.text_content("#reveal"), "the id is not shown after checking"
    proof = page.locator(".proof-view")
    assert proof.is_visible() and "def prove(lab: Lab)" in proof.text_content()
    assert proof.locator(".src .k").count() > 0, "the proof is not highlighted"

    # Every statement is under the proof line that sent it; setup is folded, the rest is shown.
    under = page.evaluate(SQL_UNDER_LINES)
    for backend, record in records.items():
        for statement in record["sql"]:
            line = statement["line"]
            groups = under.get(str(line), []) if line else []
            # shown once for the backends that sent it, in the paramstyle of the first of them
            text = squeeze(comparable(" ".join(g["text"] for g in groups if g["phase"] == statement["phase"])))
            if line:
                assert squeeze(comparable(tidy(statement["statement"]))) in text, (backend, statement)
    phases = {g["phase"]: g for groups in under.values() for g in groups}
    assert phases["setup"]["folded"] and not phases["setup"]["visible"], "setup is not folded"
    assert phases["test"]["visible"] and phases["observe"]["visible"]
    assert page.locator(".line-sql .hl .k").count() > 0, "the SQL is not highlighted"
    page.locator(".phase-setup summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".phase-setup details").first.get_attribute("open") is not None, "setup does not open by keyboard"
    facts = page.text_content(".facts-table")
    for record in records.values():
        for fact in record["facts"]:
            assert fact["label"] in facts
    keyed_option = page.text_content(f"#review-{sorted(key_of(question_id))[0]}")
    assert "sqlite" in keyed_option and ("holds" in keyed_option)

    page.screenshot(path=str(SCREENSHOTS / "question-page-full.png"), full_page=True)
    screenshot_question(browser, site, question_id, SCREENSHOTS / "question-page.png", key_of(question_id))
    screenshot_question(browser, site, question_id, SCREENSHOTS / "question-page-phone.png", key_of(question_id),
                        viewport=PHONE)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    assert all(u.startswith(("file://", "data:")) for u in requested), requested
    page.close()


def test_a_wrong_answer_is_marked_wrong(browser: Any, real_site: dict[str, Any]) -> None:
    question_id = PROVED[1]
    page = browser.new_page(viewport=DESKTOP)
    page.goto(question_file(real_site["site"], question_id).as_uri())
    answer_question_page(page, wrong_answer(question_id))
    assert page.text_content("#answer-result").startswith("Not quite.")
    page.close()


def test_a_three_question_exam_taken_with_the_keyboard_scores_the_answers_given(
        browser: Any, real_site: dict[str, Any]) -> None:
    site: Path = real_site["site"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requested = watch_requests(page)
    page.goto((site / "exam.html").as_uri())
    assert page.locator("#no-past-scores").is_visible()

    page.fill("#exam-count", "3")
    page.focus("#exam-count")
    page.keyboard.press("Enter")
    plan = [True, False, True]
    asked: list[str] = []
    for number, right in enumerate(plan, start=1):
        page.wait_for_selector("#run:not([hidden])")
        assert page.text_content("#run-number") == str(number) and page.text_content("#run-total") == "3"
        assert page.evaluate("document.activeElement.id") == "run-heading"
        question_id = BY_SLUG[page.get_attribute("#exam-question", "data-id")]
        assert question_id not in page.inner_text("main"), "the exam shows the descriptive id before the answer"
        assert question_id not in asked
        asked.append(question_id)
        if number == 2:
            page.screenshot(path=str(SCREENSHOTS / "exam-question-phone.png"), full_page=True)
        # the options are shuffled per attempt: each shows a letter of its own, and keeps the question's letter
        shown = shown_letters(page)
        assert [s for s, _ in shown] == [chr(65 + n) for n in range(len(shown))]
        assert sorted(own for _, own in shown) == sorted(QUESTIONS[question_id].question.options)
        shown_for = {own: s for s, own in shown}
        for letter in (key_of(question_id) if right else wrong_answer(question_id)):
            page.keyboard.press(shown_for[letter].lower())
        page.keyboard.press("Enter")

    page.wait_for_selector("#results:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    assert page.get_attribute("#score", "data-right") == "2" and page.get_attribute("#score", "data-total") == "3"
    assert "You scored 2 of 3" in page.text_content("#score")
    # near misses: every option counts, right when ticked or left as the key says
    options_right = options_total = 0
    for question_id, right in zip(asked, plan):
        options = QUESTIONS[question_id].question.options
        given = set(key_of(question_id) if right else wrong_answer(question_id))
        options_total += len(options)
        options_right += sum((letter in given) == (letter in set(key_of(question_id))) for letter in options)
    assert page.get_attribute("#near-miss", "data-right") == str(options_right)
    assert page.get_attribute("#near-miss", "data-total") == str(options_total)
    expected: dict[str, list[int]] = {}
    for question_id, right in zip(asked, plan):
        tally = expected.setdefault(QUESTIONS[question_id].question.domain, [0, 0])
        tally[0] += right
        tally[1] += 1
    shown = {row[0]: [int(row[1]), int(row[2])] for row in page.locator("#per-domain tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))")}
    assert shown == expected
    review = page.locator("#review > li")
    assert review.evaluate_all("items => items.map(i => [i.dataset.id, i.dataset.right])") == [
        [page_slug(QUESTIONS[q].question.domain, q), str(r).lower()] for q, r in zip(asked, plan)]
    page.wait_for_function("document.querySelectorAll('[data-proof-for] .proof-view').length === 3")
    assert "def prove(lab" in review.first.locator("[data-proof-for]").text_content()
    page.screenshot(path=str(SCREENSHOTS / "exam-results-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the exam scrolls sideways"

    page.click("#retake-button")
    page.wait_for_selector("#run:not([hidden])")
    assert page.text_content("#run-number") == "1"
    assert BY_SLUG[page.get_attribute("#exam-question", "data-id")] in asked

    page.reload()
    assert page.locator("#resume-note").is_visible(), "the exam in progress was not kept"
    assert "2 of 3" in page.text_content("#past-scores li")
    assert all(u.startswith(("file://", "data:")) for u in requested), requested
    context.close()


def test_an_exam_with_a_time_limit_ends_when_the_time_is_up(browser: Any, real_site: dict[str, Any]) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto((real_site["site"] / "exam.html").as_uri())
    for domain in page.locator('input[name="domain"]').evaluate_all("boxes => boxes.map(b => b.value)"):
        if domain != "session":
            page.uncheck(f"#domain-{domain}")
    page.fill("#exam-count", "2")
    page.fill("#exam-minutes", "1")
    page.click("#exam-setup button[type=submit]")
    page.wait_for_selector("#run:not([hidden])")
    assert re.fullmatch(r"Time left: [01]:\d\d", page.text_content("#timer"))
    first = BY_SLUG[page.get_attribute("#exam-question", "data-id")]
    assert QUESTIONS[first].question.domain == "session"
    shown = {own: letter for letter, own in shown_letters(page)}
    for letter in key_of(first):
        page.check(f"#exam-option-{shown[letter]}")
    page.click("#exam-next")
    # Move the stored start a minute back, as if the reader had left the page open, and come back.
    page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('proofbank.exam.current'));
                       s.startedAt -= 61000; localStorage.setItem('proofbank.exam.current', JSON.stringify(s)); }""")
    page.reload()
    page.click("#resume-button")
    page.wait_for_selector("#results:not([hidden])")
    assert "You scored 1 of 2" in page.text_content("#score")
    assert page.locator("#per-domain tr").count() == 1
    page.close()


def test_practice_mode_shows_the_answer_after_each_question(browser: Any, real_site: dict[str, Any]) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto((real_site["site"] / "exam.html").as_uri())
    page.evaluate("localStorage.clear()")
    page.reload()
    page.fill("#exam-count", "2")
    page.check("#exam-practice")
    page.select_option("#exam-level", "senior")
    page.click("#exam-setup button[type=submit]")
    asked = []
    for right in (True, False):
        page.wait_for_selector("#exam-question:not([hidden])")
        question_id = BY_SLUG[page.get_attribute("#exam-question", "data-id")]
        assert QUESTIONS[question_id].question.level == "senior", "the level filter let another level through"
        asked.append(question_id)
        shown = {own: letter for letter, own in shown_letters(page)}
        chosen = key_of(question_id) if right else wrong_answer(question_id)
        for letter in chosen:
            page.check(f"#exam-option-{shown[letter]}")
        assert page.text_content("#exam-next") == "Check my answer"
        page.click("#exam-next")
        page.wait_for_selector("#exam-feedback:not([hidden])")
        assert page.text_content("#feedback-heading") == ("Right." if right else "Not quite.")
        assert page.evaluate("document.activeElement.id") == "feedback-heading"
        feedback = page.text_content("#feedback-body")
        # the key and the answer in the letters this attempt showed, each option with its truth and why
        assert f"Key: {', '.join(sorted(shown[k] for k in key_of(question_id)))}." in feedback
        assert f"Your answer: {', '.join(sorted(shown[k] for k in chosen))}." in feedback
        assert feedback.count("does not hold.") == len(shown) - len(key_of(question_id))
        page.click("#exam-continue")
    page.wait_for_selector("#results:not([hidden])")
    assert page.get_attribute("#score", "data-right") == "1" and page.get_attribute("#score", "data-total") == "2"
    # retake only the one answered wrongly
    page.click("#retake-wrong-button")
    page.wait_for_selector("#exam-question:not([hidden])")
    assert page.text_content("#run-total") == "1"
    assert BY_SLUG[page.get_attribute("#exam-question", "data-id")] == asked[1]
    page.close()
