"""Danish first; English when the user picks it, and then English
throughout: no Danish left on the main pages, dates and language names
as an English reader writes them."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db.models import CharField, JSONField, TextField
from django.utils import timezone

from assessments.parts import comparison_url
from assessments.services import Submission, add_comment, save_answer
from method.vocabulary import CoreQuestion, Side
from organisations.models import User
from tests.urlmap import PRODUCT_APPS


def test_danish_by_default_even_for_an_english_browser(client, db):
    response = client.get("/log-ind/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "<h1>Log ind</h1>" in response.content.decode()
    assert response.headers["Content-Language"] == "da"


def test_english_after_choosing_it_in_the_language_switch(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/log-ind/"})
    body = client.get("/log-ind/").content.decode()
    assert "<h1>Log in</h1>" in body and 'lang="en"' in body


# -- English complete -----------------------------------------------------------

# Danish words that no English sentence has; with æ, ø and å they give away
# a string left untranslated.
DANISH_WORDS = {
    "og",
    "af",
    "på",
    "til",
    "ikke",
    "med",
    "det",
    "der",
    "er",
    "en",
    "et",
    "som",
    "har",
    "eller",
    "fra",
    "svar",
    "spørgsmål",
    "møde",
    "udvalg",
    "udvalget",
    "gem",
    "vis",
    "ingen",
    "alle",
    "dine",
    "din",
    "ny",
    "nyt",
    "fælles",
}
DANISH_LETTERS = re.compile("[æøåÆØÅ]")
# Names, in Danish in every language: the publication the method comes
# from, one of its publishers and the committees' own name (MED).
PROPER_NAMES = ["Sammen om ny teknologi", "Fremfærd", "MED"]
WORD = re.compile(r"[^\W\d_]+")


class VisibleText(HTMLParser):
    """The text a reader sees, without what is never translated: scripts
    and styles, titles of works (`<cite>`), parts marked Danish by design
    (`lang="da"`) and the language switch (each language in its own name)."""

    SKIPPED = {"script", "style", "cite", "option"}
    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area"}

    def __init__(self):
        super().__init__()
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.skipping or tag in self.SKIPPED or dict(attrs).get("lang") == "da":
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return parser.text()


def user_data() -> list[str]:
    """Every text the users (and the standard template) put in the
    database: titles, names, questions, answers; longest first."""
    found = set()

    def collect(value):
        if isinstance(value, str):
            # Guidance shows its "- " lines as a list: each line on its own too.
            # A list page shortens a long text (truncatechars:120): its beginning too.
            lines = (line.strip().removeprefix("- ") for line in value.splitlines())
            for text in (value, value[:119], *lines):
                if len(text.strip()) > 1:
                    found.add(" ".join(text.split()))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for model in apps.get_models():
        if model._meta.app_label not in PRODUCT_APPS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (CharField, TextField, JSONField)) and not f.choices
        ]
        for row in model.objects.values_list(*fields):
            collect(list(row))
    for user in User.objects.all():
        collect([str(user), user.get_full_name()])
    return sorted(found, key=len, reverse=True)


def untranslated(text: str, data: list[str]) -> list[str]:
    for value in [*data, *PROPER_NAMES]:
        text = text.replace(value, " ")
    words = WORD.findall(text)
    return sorted({w for w in words if DANISH_LETTERS.search(w) or w.lower() in DANISH_WORDS})


@pytest.fixture
def english_pages(municipality, committee, lead, chair, member, project, assessment, meeting):
    """The main pages, with something on each."""
    question = assessment.questions().filter(section__core_question="kerneopgave").first()
    save_answer(assessment, question, member, Submission(text="Ja"), side=Side.EMPLOYEES)
    save_answer(assessment, question, chair, Submission(text="Nej"), side=Side.MANAGEMENT)
    save_answer(assessment, question, lead, Submission(text="Ok", status="aabent"), joint=True)
    add_comment(assessment, question, member, "Hvad med natten?")
    item = meeting.add_item(title="Skærmbesøg", kind="beslutning", project=project)
    base = f"/vurderinger/{assessment.pk}/"
    return [
        "/",
        f"/projekter/{project.pk}/",
        base,
        *(f"{base}?del={core}" for core in CoreQuestion.values),
        f"{base}sammenligning/",
        *(f"{base}sammenligning/?del={core}" for core in CoreQuestion.values),
        f"{base}forventet-og-oplevet/",
        f"{base}spoergsmaal/{question.pk}/historik/",
        f"{base}spoergsmaal/{question.pk}/kommentarer/",
        "/moeder/",
        f"/moeder/{meeting.pk}/",
        f"/moeder/{meeting.pk}/punkter/{item.pk}/referat/formular/",
        "/projekter/uden-med/",
        "/opfoelgning/?vis=alle",
        f"/businesscase/projekt/{project.pk}/",
        "/skabeloner/",
        "/konto/",
        "/konto/e-mails/",
        "/tilgaengelighed/",
        "/findes-ikke/",
    ]


def test_the_main_pages_have_no_danish_left_in_english(client, lead, english_pages):
    client.force_login(lead)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = user_data()
    found = {}
    for url in english_pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response.headers["Content-Language"] == "en"
        words = untranslated(visible_text(response.content.decode()), data)
        if words:
            found[url] = words
    assert found == {}


def test_the_login_page_in_english_has_no_danish_left(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/log-ind/"})
    assert untranslated(visible_text(client.get("/log-ind/").content.decode()), []) == []


def test_the_check_finds_a_danish_string():
    html = "<main><p>Saved.</p><p>Dit svar er gemt</p><cite>Sammen om ny teknologi</cite></main>"
    assert untranslated(visible_text(html), []) == ["er", "svar"]
    assert untranslated("Næste", []) == ["Næste"]
    assert untranslated("Your answer: Ikke relevant", ["Ikke relevant"]) == []


def test_dates_read_in_the_users_language(client, lead, meeting):
    """A meeting's date reads "Tuesday, 8 December 2026 at 14:00" in
    English, never "Tuesday 8. December 2026"; in Danish with "kl."."""
    client.force_login(lead)
    url = f"/moeder/{meeting.pk}/"
    when = timezone.localtime(meeting.starts_at)
    weekday = when.strftime("%A")  # the C locale: English
    day, month, year = when.day, when.strftime("%B"), when.year
    danish = client.get(url).content.decode()
    assert f"{day}. {month.lower()} {year} kl. {when:%H.%M}" in danish
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert f"{weekday}, {day} {month} {year} at {when:%H:%M}" in english
    assert f"{day}. {month}" not in english


def test_the_languages_are_named_in_their_own_language(client, db):
    page = client.get("/log-ind/").content.decode()
    assert ">Dansk</option>" in page and ">English</option>" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/log-ind/"})
    page = client.get("/log-ind/").content.decode()
    assert ">Dansk</option>" in page and ">English</option>" in page


def test_numbers_read_in_the_users_language(
    client, lead, member, committee, municipality, assessment
):
    """A side's average on the comparison: 1,5 in Danish, 1.5 in English."""
    from tests.factories import make_user, move_to_phase, seat

    move_to_phase(assessment.project, lead, "konsekvensvurdering")
    question = next(
        q
        for q in assessment.questions()
        if q.kind == "scale" and q.applies_in("konsekvensvurdering")
    )
    other = make_user("medlem2", municipality)
    seat(other, committee, Side.EMPLOYEES)
    for user, value in ((member, 1), (other, 2)):
        save_answer(assessment, question, user, Submission(value=value), side=Side.EMPLOYEES)
    client.force_login(lead)
    url = comparison_url(assessment, question, "konsekvensvurdering")
    assert "gennemsnit 1,5" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert "average 1.5" in client.get(url).content.decode()


def test_the_options_read_in_each_readers_language(member, chair, assessment):
    """The answer options' labels are translated once and kept: a member
    reading in English and one in Danish, one after the other in the same
    process, each see their own language's."""
    from django.test import Client

    principle = next(
        q
        for q in assessment.questions().select_related("section")
        if q.kind == "principle" and q.applies_in(assessment.project.phase)
    )
    url = f"/vurderinger/{assessment.pk}/?del={principle.section.core_question}"
    english, danish = Client(), Client()
    english.force_login(member)
    english.post("/i18n/setlang/", {"language": "en", "next": url})
    danish.force_login(chair)
    for _round in range(2):
        in_english = english.get(url).content.decode()
        in_danish = danish.get(url).content.decode()
        assert "Not at all" in in_english and "Slet ikke" not in in_english
        assert "Slet ikke" in in_danish and "Not at all" not in in_danish


def test_an_answers_form_reads_in_english(client, lead, assessment):
    """The answer form's own words (written by its tag) are in the English
    catalogue: when it was saved, the joint status's empty choice."""
    question = assessment.questions().filter(section__core_question="kerneopgave").first()
    save_answer(assessment, question, lead, Submission(text="Ok", status="aabent"), joint=True)
    client.force_login(lead)
    url = f"/vurderinger/{assessment.pk}/?del=kerneopgave"
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert "Saved " in html and "– choose –" in html
    assert "Gemt " not in html and "– vælg –" not in html
