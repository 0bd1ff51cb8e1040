"""End-to-end checks in a real Chromium (Playwright) against the live server:
htmx autosave as a committee member experiences it, keyboard-only use,
accessibility (axe) and that no page talks to anyone but our own server.

Runs Debian's /usr/bin/chromium (no browser downloads), one for the whole
session (tests/browser.py). Without it the tests are skipped locally and
fail in CI (the CI environment variable is set).
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from assessments.models import Answer
from assessments.parts import comparison_url
from assessments.services import Submission, save_answer
from meetings.models import Meeting
from method.vocabulary import Side
from questionnaires.models import AnswerKind

from .browser import SAVE_TIMEOUT_MS, expect
from .factories import PASSWORD, move_to_phase, part_url
from .services import unavailable

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - reported by the axe test
    Axe = None

SAVED = re.compile(r"Gemt kl\. \d{2}:\d{2}:\d{2}")
BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]


# Every page reports what its Content-Security-Policy blocked to the console,
# where the tests collect it (Chromium logs some violations only there).
REPORT_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective);
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def requests_made():
    return []


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def page(browser, live_server, requests_made, console_errors):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(SAVE_TIMEOUT_MS)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on("request", lambda request: requests_made.append(request.url))
    tab.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    tab.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield tab
    context.close()


def log_in(page, user):
    """Through the real login form, as a person would."""
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill(user.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def first_question(assessment, phase, kind, required=None):
    for question in assessment.questions():
        if question.kind != kind or not question.applies_in(phase):
            continue
        if required is None or question.required == required:
            return question
    raise AssertionError(f"no {kind} question in phase {phase} of the standard template")


def mark_page(page):
    """A marker on window that only survives if the page is never reloaded."""
    page.evaluate("window.__noReloadMarker = 'still-here'")


def assert_not_reloaded(page):
    assert page.evaluate("window.__noReloadMarker") == "still-here", "the page was reloaded"


def own_answer(assessment, question, user):
    answers = Answer.objects.filter(assessment=assessment, question=question, respondent=user)
    assert answers.count() == 1
    return answers.get()


def test_autosave_of_free_text_while_typing(page, member, assessment):
    question = first_question(assessment, assessment.project.phase, AnswerKind.TEXT, True)
    text = "Vi frygter, at ældre borgere får færre besøg på skærm; søg råd hos plejeøkonomen."
    log_in(page, member)
    page.goto(part_url(assessment, question, assessment.project.phase))
    mark_page(page)
    textarea = page.locator(f"#text-o{question.pk}")
    state = page.locator(f"#state-o{question.pk}")
    expect(state).to_have_text("")

    textarea.click()
    textarea.press_sequentially(text)
    expect(state).to_have_text(SAVED)
    assert_not_reloaded(page)

    page.reload()
    expect(page.locator(f"#text-o{question.pk}")).to_have_value(text)
    answer = own_answer(assessment, question, member)
    assert answer.text == text
    assert answer.side == "medarbejder" == Side.EMPLOYEES
    assert Answer.objects.filter(assessment=assessment).count() == 1


def test_scale_answer_saved_by_clicking_a_radio(page, member, lead, assessment):
    question = first_question(assessment, "konsekvensvurdering", AnswerKind.SCALE)
    move_to_phase(assessment.project, lead, "konsekvensvurdering")  # answered in its phase
    url = part_url(assessment, question, "konsekvensvurdering")
    log_in(page, member)
    page.goto(url)
    mark_page(page)
    article = page.locator(f"#q-{question.pk}")
    radio = article.get_by_role("radio", name="Overvejende positiv (+1)")
    expect(radio).not_to_be_checked()

    radio.click()
    expect(page.locator(f"#state-o{question.pk}")).to_have_text(SAVED)
    assert_not_reloaded(page)

    page.reload()
    radio = page.locator(f"#q-{question.pk}").get_by_role("radio", name="Overvejende positiv (+1)")
    expect(radio).to_be_checked()
    assert own_answer(assessment, question, member).value == 1


def test_keyboard_only_answer_is_saved_on_tabbing_away(page, member, assessment):
    question = first_question(assessment, assessment.project.phase, AnswerKind.TEXT, True)
    target = f"text-o{question.pk}"
    text = "Skrevet uden mus: tastaturet rækker fint til svaret."
    log_in(page, member)
    page.goto(part_url(assessment, question, assessment.project.phase))
    mark_page(page)

    for _presses in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == target:
            break
    else:
        pytest.fail(f"#{target} was not reached with 80 presses of Tab")
    page.keyboard.type(text)
    page.keyboard.press("Tab")

    expect(page.locator(f"#state-o{question.pk}")).to_have_text(SAVED)
    assert_not_reloaded(page)
    # Saving must not steal focus: it moved on to the form's own "Gem" button.
    focused = page.evaluate(
        "[document.activeElement.tagName, document.activeElement.textContent.trim()]"
    )
    assert focused == ["BUTTON", "Gem"]
    assert own_answer(assessment, question, member).text == text


def end_session_by_idling(page):
    """Move the browser's session 31 minutes into the past, as if its user
    had walked away from the PC."""
    from importlib import import_module

    from django.conf import settings

    from workbench.security import LAST_SEEN_AT

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    session[LAST_SEEN_AT] -= settings.SESSION_IDLE_TIMEOUT + 60
    session.save()


def test_an_autosave_after_the_session_ended_keeps_the_text_and_says_so(page, member, assessment):
    question = first_question(assessment, assessment.project.phase, AnswerKind.TEXT, True)
    text = "Skrevet efter en lang frokostpause: æøå skal ikke gå tabt."
    url = f"/vurderinger/{assessment.pk}/"
    log_in(page, member)
    page.goto(part_url(assessment, question, assessment.project.phase))
    mark_page(page)
    end_session_by_idling(page)

    textarea = page.locator(f"#text-o{question.pk}")
    textarea.press_sequentially(text)
    state = page.locator(f"#state-o{question.pk}")
    expect(state).to_contain_text("Du er ikke længere logget ind")
    expect(state).to_contain_text("ikke gemt")
    expect(textarea).to_have_value(text)
    assert_not_reloaded(page)
    assert not Answer.objects.filter(assessment=assessment).exists()

    state.get_by_role("link", name="log ind igen").click()
    expect(page.get_by_text("ikke har brugt arbejdsbordet i 30 minutter")).to_be_visible()
    page.get_by_label("Brugernavn").fill(member.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda current: urlsplit(current).path == url)


def _both_sides_question(assessment):
    return first_question(assessment, assessment.project.phase, AnswerKind.TEXT, True)


def _answer_from_both_sides(assessment, chair, member):
    """Something on the comparison page: one answer from each side."""
    question = _both_sides_question(assessment)
    save_answer(
        assessment, question, chair, Submission(text="Ledelsen: fint."), side=Side.MANAGEMENT
    )
    save_answer(
        assessment,
        question,
        member,
        Submission(text="Medarbejderne: bekymret."),
        side=Side.EMPLOYEES,
    )


def _pages(assessment):
    project = assessment.project
    phase = project.phase
    return {
        "login": "/log-ind/",
        "dashboard": "/",
        "project": f"/projekter/{project.pk}/",
        "assessment": f"/vurderinger/{assessment.pk}/",  # opens on what is left
        "assessment_part": f"/vurderinger/{assessment.pk}/?del=kerneopgave",
        "comparison": f"/vurderinger/{assessment.pk}/sammenligning/",  # what to talk about
        "comparison_part": comparison_url(assessment, _both_sides_question(assessment), phase),
    }


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("login", None),
        ("dashboard", "member"),
        ("project", "member"),
        ("assessment", "member"),
        ("assessment", "lead"),
        ("assessment_part", "member"),
        ("assessment_part", "lead"),  # the lead also gets the joint-answer forms
        ("comparison", "member"),
        ("comparison", "member"),
        ("comparison_part", "member"),
        ("comparison_part", "lead"),  # with the joint-answer forms beside the sides
    ],
)
def test_no_serious_accessibility_violations(page, request, name, who, chair, member, assessment):
    if Axe is None:
        unavailable("axe-playwright-python is not installed")
    _answer_from_both_sides(assessment, chair, member)
    if who:
        log_in(page, request.getfixturevalue(who))
    page.goto(_pages(assessment)[name])

    assert_accessible(page)


def test_the_lead_drafts_beside_both_sides_and_each_side_confirms(
    page, chair, vice_chair, lead, member, assessment
):
    """On the comparison page the lead writes the joint answer (autosaved),
    the formand confirms it for ledelsessiden, and the næstformand sees it
    waiting for medarbejdersiden with a button of their own."""
    _answer_from_both_sides(assessment, chair, member)
    question = _both_sides_question(assessment)
    url = comparison_url(assessment, question, assessment.project.phase)
    confirmations = page.locator(f"#confirmations-{question.pk}")
    log_in(page, lead)
    page.goto(url)
    expect(page.locator(f"#q-{question.pk}")).to_contain_text("Medarbejderne: bekymret.")
    page.locator(f"#status-{question.pk}").select_option("enige")
    page.locator(f"#text-j{question.pk}").press_sequentially("Fælles: vi prøver det af.")
    expect(page.locator(f"#state-j{question.pk}")).to_have_text(SAVED)
    expect(confirmations).to_contain_text("Afventer ledelsessiden")
    expect(confirmations).to_contain_text("Afventer medarbejdersiden")

    log_in(page, chair)
    page.goto(url)
    expect(confirmations.get_by_role("button", name="Bekræft for medarbejdersiden")).to_have_count(
        0
    )
    confirmations.get_by_role("button", name="Bekræft for ledelsessiden").click()
    expect(confirmations).to_contain_text("Bekræftet for ledelsessiden af Formand")
    assert_accessible(page)

    log_in(page, vice_chair)
    page.goto(url)
    expect(confirmations).to_contain_text("Afventer medarbejdersiden")
    expect(confirmations.get_by_role("button", name="Bekræft for medarbejdersiden")).to_be_visible()


def assert_accessible(page):
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe on {page.url}:\n{details}\n\n{results.generate_report()}"


@pytest.fixture
def meeting_and_template_pages(municipality, committee, lead, project, assessment):
    """A meeting with an item, and a municipality template with a published
    version and a draft: {page name: (who opens it, its address)}."""
    from actions.services import add_project_action
    from businesscase.services import record_measurement
    from competences.services import create_plan
    from questionnaires import editing
    from questionnaires.models import TemplateVersion

    from .factories import make_user
    from .followup_factories import make_benefit

    hr = make_user("hr", municipality, is_template_admin=True)
    standard = TemplateVersion.objects.filter(template__municipality__isnull=True).latest("number")
    published = editing.derive_template(standard, municipality, hr, "Fjordbys skabelon")
    editing.publish(published, hr, "Første udgave")
    draft = editing.new_draft(published, hr)
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=3),
        place="Rådhuset",
        created_by=lead,
    )
    item = meeting.add_item(title="Skærmbesøg", kind="beslutning", project=project)
    benefit = make_benefit(project, lead)
    record_measurement(benefit, lead, measured_on=timezone.localdate(), value=8)
    plan = create_plan(project, "Sagsbehandlere")
    add_project_action(project, lead, what="Afklar runderne", owner=lead, benefit=benefit)
    meeting.add_item(title="Opfølgning", kind="orientering", project=project)
    return {
        "meeting": (lead, f"/moeder/{meeting.pk}/"),
        # The item's edit and minutes forms open, as without JavaScript.
        "meeting_item_forms": (lead, f"/moeder/{meeting.pk}/punkter/{item.pk}/referat/formular/"),
        "pack_screen": (lead, f"/moedemateriale/moede/{meeting.pk}/vis/"),
        "assessment_move": (lead, f"/vurderinger/{assessment.pk}/ny-version/"),
        "business_case": (lead, f"/businesscase/projekt/{project.pk}/"),
        "business_case_edit": (lead, f"/businesscase/projekt/{project.pk}/ret/"),
        "benefit": (lead, f"/businesscase/gevinst/{benefit.pk}/"),
        "competence_plan": (lead, f"/kompetencer/plan/{plan.pk}/"),
        "competence_plan_edit": (lead, f"/kompetencer/plan/{plan.pk}/ret/"),
        "actions": (lead, "/opfoelgning/?vis=alle"),
        "without_med": (lead, "/projekter/uden-med/"),
        "mail_settings": (lead, "/konto/e-mails/"),
        "template_list": (hr, "/skabeloner/"),
        "template_editor": (hr, f"/skabeloner/versioner/{draft.pk}/"),
        "template_preview": (hr, f"/skabeloner/versioner/{draft.pk}/forhaandsvisning/"),
        "template_compare": (
            hr,
            f"/skabeloner/versioner/{published.pk}/sammenlign/?med={standard.pk}",
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "meeting",
        "meeting_item_forms",
        "pack_screen",
        "template_list",
        "template_editor",
        "template_preview",
        "template_compare",
        "assessment_move",
        "business_case",
        "business_case_edit",
        "benefit",
        "competence_plan",
        "competence_plan_edit",
        "actions",
        "without_med",
        "mail_settings",
    ],
)
def test_no_serious_accessibility_violations_in_meetings_and_templates(
    page, name, meeting_and_template_pages
):
    if Axe is None:
        unavailable("axe-playwright-python is not installed")
    user, url = meeting_and_template_pages[name]
    log_in(page, user)
    page.goto(url)
    assert_accessible(page)


def test_pages_run_under_the_content_security_policy(
    page, console_errors, member, assessment, meeting_and_template_pages
):
    """No page needs what the CSP forbids (inline script or style, eval):
    nothing is blocked on the main pages, while typing an autosaved answer,
    or while htmx swaps the template editor."""
    question = first_question(assessment, assessment.project.phase, AnswerKind.TEXT, True)
    pages = _pages(assessment)
    log_in(page, member)
    for name in (
        "dashboard",
        "project",
        "comparison",
        "comparison_part",
        "assessment",
        "assessment_part",
    ):
        page.goto(pages[name])
        page.wait_for_load_state("networkidle")
    assert page.evaluate("[htmx.config.allowEval, htmx.config.includeIndicatorStyles]") == [
        False,
        False,
    ]
    page.locator(f"#text-o{question.pk}").press_sequentially("Skrevet under CSP.")
    expect(page.locator(f"#state-o{question.pk}")).to_have_text(SAVED)

    current_user = None
    for user, url in meeting_and_template_pages.values():
        if user != current_user:
            log_in(page, user)
            current_user = user
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto(meeting_and_template_pages["template_editor"][1])
    with page.expect_response(lambda response: "/flyt/" in response.url) as moved:
        page.locator("[aria-label^='Flyt '][aria-label$=' ned']").first.click()
    assert moved.value.status == 200
    page.wait_for_load_state("networkidle")
    assert console_errors == []

    # The check itself works: what the policy forbids is reported.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("CSP violation: style-src" in error for error in console_errors), console_errors


def test_pages_make_no_third_party_requests(page, requests_made, live_server, member, assessment):
    question = first_question(assessment, assessment.project.phase, AnswerKind.TEXT, True)
    pages = _pages(assessment)
    log_in(page, member)  # the login page is the first one visited
    for name in ("dashboard", "project", "assessment", "comparison", "comparison_part"):
        page.goto(pages[name])
        page.wait_for_load_state("networkidle")
    page.goto(pages["assessment_part"])
    page.locator(f"#text-o{question.pk}").fill("Et autosvar må heller ikke ringe ud.")
    expect(page.locator(f"#state-o{question.pk}")).to_have_text(SAVED)

    own = urlsplit(live_server.url).netloc
    assert any(f"/svar/{question.pk}/" in url for url in requests_made), "autosave not recorded"
    # data: and blob: URLs are read from memory, not fetched from anyone.
    fetched = [url for url in requests_made if urlsplit(url).scheme not in ("data", "blob")]
    foreign = [url for url in fetched if urlsplit(url).netloc != own]
    assert not foreign, f"requests to hosts other than {own}: {foreign}"


def tab_to(page, predicate_js: str, what: str, presses: int = 400, key: str = "Tab"):
    """Press Tab (or Shift+Tab) until the focused element satisfies
    `predicate_js` (a JS expression over `el`)."""
    for _presses in range(presses):
        page.keyboard.press(key)
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!(el && ({predicate_js})); }})()"
        ):
            return
    pytest.fail(f"{what} was not reached with {presses} presses of Tab")


def test_template_editor_works_with_the_keyboard_alone(page, municipality):
    from questionnaires.editing import derive_template
    from questionnaires.models import TemplateVersion

    from .factories import make_user

    hr = make_user("hr", municipality, is_template_admin=True)
    standard = TemplateVersion.objects.filter(template__municipality__isnull=True).latest("number")
    draft = derive_template(standard, municipality, hr, "Fjordbys skabelon")
    section = draft.sections.get(key="kerneopgave-fem-spoergsmaal")
    first_key = section.questions.order_by("order").first().key
    log_in(page, hr)
    page.goto(f"/skabeloner/versioner/{draft.pk}/")

    # Move the first question down twice with Enter; focus stays on its button.
    label = f"Flyt {first_key} ned"
    tab_to(page, f"el.getAttribute('aria-label') === {label!r}", label)
    page.keyboard.press("Enter")
    expect(page.locator(f"[aria-label='Flyt {first_key} op']")).to_be_visible()
    expect(page.locator(f"[aria-label='{label}']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#s-{section.pk} ol > li").nth(2)).to_contain_text(first_key)
    expect(page.locator(f"[aria-label='{label}']")).to_be_focused()
    keys = list(section.questions.order_by("order").values_list("key", flat=True))
    assert keys.index(first_key) == 2

    # Publish with the keyboard: the change note, then the button.
    tab_to(page, "el.name === 'change_note'", "the change note", key="Shift+Tab")
    page.keyboard.type("Rækkefølgen er ændret med tastaturet")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Version 1 er udgivet.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.PUBLISHED


def test_same_as_before_with_the_keyboard_alone(page, member, lead, assessment):
    """In a new phase a question asked again starts empty, with the earlier
    answer beside it: "Samme som før" is reached with Tab, pressed with
    Enter, saves without a reload, and leaves the focus on what happened,
    with the filled-in answer next."""
    question = assessment.questions().get(key="kerneopgave.vaerdi")  # idé and konsekvens
    text = "Borgerne skal sove trygt – også når vi får flere boliger."
    save_answer(assessment, question, member, Submission(text=text), side=Side.EMPLOYEES)
    move_to_phase(assessment.project, lead, "konsekvensvurdering")
    log_in(page, member)
    page.goto(part_url(assessment, question, "konsekvensvurdering"))
    mark_page(page)
    block = page.locator(f"#answer-o{question.pk}")
    expect(block.get_by_text("I idéudviklingen svarede du:")).to_be_visible()
    expect(page.locator(f"#text-o{question.pk}")).to_have_value("")
    assert_accessible(page)

    tab_to(
        page,
        f"el.textContent.trim() === 'Samme som før' && !!el.closest('#answer-o{question.pk}')",
        "Samme som før",
    )
    page.keyboard.press("Enter")

    status = block.get_by_role("status")
    expect(status).to_have_text("Det tidligere svar er gemt som svar i denne fase.")
    expect(status).to_be_focused()
    expect(page.locator(f"#text-o{question.pk}")).to_have_value(text)
    expect(block.get_by_role("button", name="Samme som før")).to_have_count(0)
    assert_not_reloaded(page)
    page.keyboard.press("Tab")
    expect(page.locator(f"#text-o{question.pk}")).to_be_focused()

    saved = Answer.objects.get(question=question, respondent=member, phase="konsekvensvurdering")
    assert (saved.text, saved.version) == (text, 1)
    assert (
        Answer.objects.get(question=question, respondent=member, phase="ideudvikling").text == text
    )


def test_the_pack_on_screen_has_the_apps_layout_navigation_and_prints_alone(
    page, meeting_and_template_pages
):
    user, url = meeting_and_template_pages["pack_screen"]
    log_in(page, user)
    page.goto(url)
    navigation = page.get_by_role("navigation", name="Materialets punkter")
    expect(navigation).to_be_visible()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_visible()  # the app's layout
    navigation.get_by_role("link", name="2. Opfølgning").click()
    assert urlsplit(page.url).fragment.startswith("punkt-2-")
    expect(page.locator(f"#{urlsplit(page.url).fragment}")).to_be_in_viewport()
    steps = page.get_by_role("navigation", name="Punkt 1: forrige og næste punkt")
    steps.get_by_role("link", name="Punkt 2. Opfølgning →").click()
    assert urlsplit(page.url).fragment.startswith("punkt-2-")
    # Printed from the browser: the pack alone, without the app around it.
    page.emulate_media(media="print")
    expect(navigation).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", name="Mødemateriale", exact=True)).to_be_visible()
