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
from sitebrowser import DESKTOP, PHONE, answer_question_page, browser_missing, chromium, screenshot_question

from verifiers.harness.backends.registry import BackendMissing, Backends
from verifiers.harness.bank import iter_question_paths, load_question
from verifiers.harness.records import write_record
from verifiers.harness.runner import run_question
from verifiers.site.build import build_project_site
from verifiers.site.versions import key_for, nearest_range

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
QUESTIONS = {qf.question.id: qf for qf in map(load_question, iter_question_paths(ROOT / "bank"))}
# Run for real: a "select all" question (the one searched for), a one-answer question, and one more.
PROVED = ["flushed-rows-invisible-to-others", "pending-rollback-error", "savepoint-rollback-scope"]
SEARCH = "flush independent connection"


def key_of(question_id: str) -> list[str]:
    question = QUESTIONS[question_id].question
    return list(key_for(question, sqlalchemy.__version__) or nearest_range(question, sqlalchemy.__version__).letters)


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
    assert question_id in visible.evaluate_all("items => items.map(i => i.dataset.id)")
    assert page.locator(".question-item[hidden]").count() >= 1, "the search hid nothing"
    assert "match" in page.text_content("#match-count")
    page.click(f'.question-item[data-id="{question_id}"] a')
    page.wait_for_url(f"**/questions/{question_id}.html")

    verified = set(records) == set(QUESTIONS[question_id].question.backends) and all(
        r["status"] == "passed" for r in records.values())
    assert page.text_content(".verification .badge").strip() == ("VERIFIED" if verified else "UNVERIFIED")
    assert records["sqlite"]["sqlalchemy_version"] in page.text_content(".verification")
    assert page.locator("#reveal").is_hidden()

    answer_question_page(page, key_of(question_id))
    assert page.text_content("#answer-result").startswith("Right.")
    proof = page.locator(".code[aria-label='Proof source']")
    assert proof.is_visible() and "def prove(lab: Lab)" in proof.text_content()
    assert proof.locator(".hl .k").count() > 0, "the proof is not highlighted"

    for backend, record in records.items():
        run = page.locator(f"section.run:has(h3#run-{backend})")
        shown = run.locator("ol.sql .code").all_text_contents()
        sent = [key for key, _ in itertools.groupby((s["statement"], s["connection"]) for s in record["sql"])]
        assert [squeeze(s) for s in shown] == [squeeze(statement) for statement, _ in sent], backend
        for fact in record["facts"]:
            assert fact["label"] in run.locator("dl.facts").text_content()
    assert page.locator("ol.sql .hl .k").count() > 0, "the SQL is not highlighted"
    first_option = page.text_content("#review-A")
    assert "sqlite" in first_option and ("holds" in first_option)

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
    page.goto((real_site["site"] / "questions" / f"{question_id}.html").as_uri())
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
        question_id = page.get_attribute("#exam-question", "data-id")
        assert question_id not in asked
        asked.append(question_id)
        if number == 2:
            page.screenshot(path=str(SCREENSHOTS / "exam-question-phone.png"), full_page=True)
        for letter in (key_of(question_id) if right else wrong_answer(question_id)):
            page.keyboard.press(letter.lower())
        page.keyboard.press("Enter")

    page.wait_for_selector("#results:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    assert page.get_attribute("#score", "data-right") == "2" and page.get_attribute("#score", "data-total") == "3"
    assert "You scored 2 of 3" in page.text_content("#score")
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
        [q, str(r).lower()] for q, r in zip(asked, plan)]
    page.wait_for_function("document.querySelectorAll('[data-proof-for] .hl').length === 3")
    assert "def prove(lab" in review.first.locator("[data-proof-for]").text_content()
    page.screenshot(path=str(SCREENSHOTS / "exam-results-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the exam scrolls sideways"

    page.click("#retake-button")
    page.wait_for_selector("#run:not([hidden])")
    assert page.text_content("#run-number") == "1"
    assert page.get_attribute("#exam-question", "data-id") in asked

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
    first = page.get_attribute("#exam-question", "data-id")
    assert QUESTIONS[first].question.domain == "session"
    for letter in key_of(first):
        page.check(f"#exam-option-{letter}")
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
