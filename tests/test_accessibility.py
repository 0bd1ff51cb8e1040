"""WCAG 2.1 AA in a real Chromium (issue 13.6), beside test_browser.py's
axe checks of every main page: the error pages, the accessibility
statement and the assessment's parts pass axe; no main page scrolls
sideways on a phone (390 px), a tablet (768 px) or at 200 % zoom (a
1280 px window is 640 CSS px wide); radio buttons, checkboxes and buttons
are at least 24 × 24 px; the phone's header stays small; the assessment
is completed with the keyboard alone, and its save messages are announced."""

import pytest
from django.urls import reverse

from method.vocabulary import CoreQuestion
from questionnaires.models import AnswerKind

from .browser import SAVE_TIMEOUT_MS, expect
from .factories import part_url
from .test_browser import (  # noqa: F401 - fixtures
    REPORT_CSP_VIOLATIONS,
    SAVED,
    _answer_from_both_sides,
    assert_accessible,
    console_errors,
    log_in,
    meeting_and_template_pages,
    page,
    requests_made,
    tab_to,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]

PHONE, TABLET, ZOOMED = 390, 768, 640  # CSS px; ZOOMED: 1280 px at 200 %
SMALLEST_TARGET_PX = 24  # WCAG 2.5.8
PHONE_HEADER_PX = 120


@pytest.fixture
def sized(browser, live_server):
    """sized(width): a page `width` CSS px wide."""
    contexts = []

    def open_page(width, height=800):
        context = browser.new_context(
            base_url=live_server.url, locale="da-DK", viewport={"width": width, "height": height}
        )
        context.set_default_timeout(SAVE_TIMEOUT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def main_pages(meeting_and_template_pages, lead, member, chair, assessment, project):  # noqa: F811
    """{name: (user, address)} of the main pages, with something on each."""
    _answer_from_both_sides(assessment, chair, member)
    return {
        "dashboard": (lead, "/"),
        "project": (lead, f"/projekter/{project.pk}/"),
        "assessment": (member, f"/vurderinger/{assessment.pk}/"),
        "assessment_part": (lead, f"/vurderinger/{assessment.pk}/?del=kerneopgave"),
        "comparison": (member, f"/vurderinger/{assessment.pk}/sammenligning/"),
        "comparison_part": (lead, f"/vurderinger/{assessment.pk}/sammenligning/?del=kerneopgave"),
        "statement": (member, "/tilgaengelighed/"),
        **{
            name: meeting_and_template_pages[name]
            for name in ("meeting", "actions", "business_case", "benefit", "template_editor")
        },
    }


def visit_all(page, pages):
    current = None
    for name, (user, url) in pages.items():
        if user != current:
            log_in(page, user)
            current = user
        page.goto(url)
        yield name


@pytest.mark.parametrize("width", [PHONE, TABLET, ZOOMED])
def test_no_main_page_scrolls_sideways(sized, main_pages, width):
    page = sized(width)
    too_wide = {}
    for name in visit_all(page, main_pages):
        if page_width(page) > width:
            too_wide[name] = page_width(page)
    assert too_wide == {}, f"pages wider than {width} px: {too_wide}"


def test_the_header_is_compact_on_a_phone(sized, member):
    page = sized(PHONE)
    log_in(page, member)
    height = page.locator(".site-header").bounding_box()["height"]
    assert height <= PHONE_HEADER_PX, f"the header takes {height} px of the phone"


def test_targets_are_at_least_24_px(sized, lead, assessment):
    page = sized(1280)
    log_in(page, lead)
    page.goto(part_url(assessment, assessment.questions().get(key="kerneopgave.vaerdi")))
    page.goto(f"/vurderinger/{assessment.pk}/?fase=alle&del=inddragelse")  # yes/no radios
    small = page.evaluate(
        """(min) => [...document.querySelectorAll(
              'main input[type=radio], main input[type=checkbox], main button, main select')]
            .map((el) => [el.name || el.textContent.trim(), el.getBoundingClientRect()])
            .filter(([, box]) => box.width > 0 && (box.width < min || box.height < min))
            .map(([name, box]) => `${name}: ${box.width}×${box.height}`)""",
        SMALLEST_TARGET_PX,
    )
    assert page.locator("main input[type=radio]").count() > 10
    assert small == []


@pytest.mark.parametrize("which", ["404", "403", "400"])
def test_error_pages_pass_axe(page, which, member, lead, assessment, project):
    user, url, heading = {
        "404": (member, "/projekter/999999/", "Siden findes ikke"),
        "403": (member, f"/vurderinger/{assessment.pk}/ny-version/", None),
        "400": (lead, reverse("action_create", args=[project.pk]) + "?spoergsmaal=x", None),
    }[which]
    log_in(page, user)
    response = page.goto(url)
    assert response.status == int(which)
    if heading:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)


def test_the_statement_is_linked_from_every_page_and_passes_axe(page, member):
    page.goto("/log-ind/")
    page.get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.get_by_role("heading", name="Tilgængelighedserklæring", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Overholdelsesstatus")).to_be_visible()
    assert_accessible(page)


def test_the_assessment_is_completed_with_the_keyboard_alone(page, member, assessment):
    """From "what is left" to nothing left, without a mouse: each core
    question's part is opened from the parts' navigation with Enter, each
    required question answered by typing, the save announced in a live
    region, and the counters follow."""
    phase = assessment.project.phase
    required = [q for q in assessment.questions() if q.required and q.applies_in(phase)]
    assert {q.kind for q in required} == {AnswerKind.TEXT}
    log_in(page, member)
    page.goto(f"/vurderinger/{assessment.pk}/")
    nav = page.get_by_role("navigation", name="Vurderingens dele")
    expect(nav).to_contain_text(f"0 af {len(required)} påkrævede")
    assert_accessible(page)
    answered = 0
    for number, core in enumerate(CoreQuestion, start=1):
        link = f"{number}. {core.label}"
        tab_to(page, f"el.textContent.trim() === {link!r} && !!el.closest('.parts')", link)
        page.keyboard.press("Enter")
        heading = page.locator(f"#core-{core.value}")
        expect(heading).to_be_focused()  # where the part begins, for a screen reader too
        for question in [q for q in required if q.section.core_question == core]:
            target = f"text-o{question.pk}"
            tab_to(page, f"el.id === {target!r}", f"the answer to {question.key}")
            page.keyboard.type(f"Svar med tastaturet på {question.key}.")
            page.keyboard.press("Tab")
            state = page.locator(f"#state-o{question.pk}")
            expect(state).to_have_attribute("aria-live", "polite")
            expect(state).to_have_text(SAVED)
            answered += 1
            expect(nav).to_contain_text(f"{answered} af {len(required)} påkrævede")
        if number == 1:
            assert_accessible(page)
    tab_to(page, "el.textContent.trim() === 'Det mangler'", "Det mangler", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du har svaret på alle påkrævede spørgsmål i fasen.")).to_be_visible()
    assert answered == len(required)
    assert assessment.answers.filter(respondent=member, phase=phase).count() == answered
