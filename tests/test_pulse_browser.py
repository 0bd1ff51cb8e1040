"""An employee answers a medarbejderpuls on a phone: a real Chromium at
390 px wide with touch, then one with the keyboard alone; the project lead
opens one and a member reads the results on the same phone. axe finds no
serious violation on the survey, its thanks page, the open form or the
results, and the
Content-Security-Policy blocks nothing. Reuses tests/test_browser.py's
browser (Debian's /usr/bin/chromium; in CI a missing one fails)."""

import pytest
from django.utils import timezone

from pulse.models import Pulse

from .pulse_helpers import answer_many, make_pulse, survey_url
from .test_browser import (  # noqa: F401 (fixtures)
    REPORT_CSP_VIOLATIONS,
    SAVE_TIMEOUT_MS,
    assert_accessible,
    console_errors,
    expect,
    log_in,
    tab_to,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]
PHONE = {"width": 390, "height": 844}
SMALLEST_TARGET_PX = 44  # WCAG 2.5.5's target size, for thumbs


@pytest.fixture
def phone(browser, live_server, console_errors):  # noqa: F811
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport=PHONE, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(SAVE_TIMEOUT_MS)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    yield tab
    context.close()


@pytest.fixture
def pulse(project, lead):
    return make_pulse(project, lead)


def assert_fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide: it scrolls sideways"


def test_an_employee_answers_on_a_phone_by_touch(phone, pulse, console_errors):
    phone.goto(survey_url(pulse))
    expect(phone.get_by_role("heading", level=1)).to_have_text(pulse.project.title)
    assert_fits_the_phone(phone)
    assert_accessible(phone)

    questions = list(pulse.questions.select_related("question"))
    scale = [q for q in questions if not q.takes_text]
    first = phone.get_by_role("group", name=scale[0].text)
    choice = first.get_by_text("Overvejende positiv (+1)")
    box = choice.bounding_box()
    assert box["height"] >= SMALLEST_TARGET_PX and box["width"] >= PHONE["width"] * 0.7
    choice.tap()
    expect(first.get_by_role("radio", name="Overvejende positiv (+1)")).to_be_checked()
    phone.get_by_role("group", name=scale[-1].text).get_by_text("Klart negativ (-2)").tap()
    worries = phone.get_by_label("Hvad bekymrer dig?")
    worries.tap()
    phone.keyboard.type("Alarmerne om natten – æøå og <b>fed</b> tekst.")
    phone.get_by_role("button", name="Send mit svar").tap()

    expect(phone.get_by_role("heading", name="Tak for dit svar")).to_be_visible()
    assert_fits_the_phone(phone)
    assert_accessible(phone)
    phone.reload()  # the same phone again: it has answered
    expect(phone.get_by_role("heading", name="Tak for dit svar")).to_be_visible()
    assert not phone.get_by_role("button", name="Send mit svar").count()
    saved = Pulse.objects.get(pk=pulse.pk)
    assert saved.response_count == 1
    text = saved.questions.get(prompt="bekymrer").texts.get().text
    assert text == "Alarmerne om natten – æøå og <b>fed</b> tekst."
    assert console_errors == []


def test_an_employee_answers_with_the_keyboard_alone(phone, pulse, console_errors):
    phone.goto(survey_url(pulse))
    scale = [q for q in pulse.questions.select_related("question") if not q.takes_text]
    # Tab reaches the first question's radio group; arrows choose within it.
    tab_to(phone, "el.type === 'radio'", "the first scale question")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")  # the third option: Neutral (0)
    first = phone.get_by_role("group", name=scale[0].text)
    expect(first.get_by_role("radio", name="Neutral (0)")).to_be_checked()
    expect(first.get_by_role("radio", name="Neutral (0)")).to_be_focused()
    tab_to(phone, "el.name && el.tagName === 'TEXTAREA'", "the first open question")
    phone.keyboard.type("Skrevet med tastaturet.")
    tab_to(phone, "el.tagName === 'BUTTON'", "the send button")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Tak for dit svar")).to_be_visible()
    saved = Pulse.objects.get(pk=pulse.pk)
    assert saved.response_count == 1
    assert saved.questions.get(order=1).counts.get(value="0").count == 1
    assert console_errors == []


def test_a_member_reads_the_results_on_a_phone(phone, pulse, member, console_errors):
    answer_many(pulse, 5, value="1", text="Tekst {n} fra en telefon")
    Pulse.objects.filter(pk=pulse.pk).update(closes_on=timezone.localdate())
    log_in(phone, member)
    phone.goto(f"/medarbejderpuls/{pulse.pk}/")
    expect(phone.get_by_text("5 medarbejdere har svaret")).to_be_visible()
    expect(phone.get_by_text("Tekst 3 fra en telefon")).to_be_visible()
    assert_fits_the_phone(phone)
    assert_accessible(phone)
    phone.goto(f"/vurderinger/{pulse.project.assessment.pk}/sammenligning/")
    expect(
        phone.get_by_role("heading", name="Medarbejdernes stemme: medarbejderpuls")
    ).to_be_visible()
    assert_accessible(phone)
    assert console_errors == []


def test_the_project_lead_opens_a_pulse_and_gets_its_link(phone, project, lead, console_errors):
    log_in(phone, lead)
    phone.goto(f"/medarbejderpuls/projekt/{project.pk}/ny/")
    assert_accessible(phone)
    realistic = phone.get_by_role("checkbox", name="Realistisk: Hvordan påvirker", exact=False)
    expect(realistic.first).to_be_checked()  # the six marks of good work, chosen in advance
    phone.get_by_role("button", name="Åbn medarbejderpulsen").tap()
    expect(phone.get_by_text("Medarbejderpulsen er åbnet")).to_be_visible()
    pulse = Pulse.objects.get(project=project)
    expect(phone.get_by_role("textbox", name="Link")).to_have_value(
        f"{phone.url.split('/medarbejderpuls/')[0]}{survey_url(pulse)}"
    )
    assert pulse.questions.count() == 8  # six marks and the two open questions
    assert_fits_the_phone(phone)
    assert_accessible(phone)
    assert console_errors == []
