"""The business case as data: every revision kept, none overwritten, and
the change between two revisions readable, field by field, in Danish."""

from decimal import Decimal

import pytest
from django.urls import reverse

from businesscase.models import BusinessCaseRevision
from businesscase.numbers import format_danish, parse_danish
from businesscase.services import StaleCase
from tests.followup_factories import CASE_FIELDS, benefit_data, save_case


def test_every_save_is_a_new_revision_and_the_old_one_stays(project, lead, member):
    first = save_case(project, lead, [benefit_data(member)], note="Første udkast")
    second = save_case(
        project, lead, [benefit_data(member)], task="Fald om natten.", base_version=1
    )
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.snapshot["task"] == CASE_FIELDS["task"]  # as it was written
    assert second.snapshot["task"] == "Fald om natten."
    assert project.business_case.task == "Fald om natten."
    assert BusinessCaseRevision.objects.filter(case__project=project).count() == 2


def test_the_same_case_saved_again_makes_no_revision(project, lead, member):
    save_case(project, lead, [benefit_data(member)])
    case = project.business_case
    benefit = case.benefits.get()
    again = benefit_data(member, id=benefit.pk)
    assert save_case(project, lead, [again], base_version=1) is None
    assert case.revisions.count() == 1


def test_a_save_from_an_old_form_is_refused(project, lead, member):
    save_case(project, lead, [benefit_data(member)])
    save_case(project, lead, [], task="Ny tekst", base_version=1)
    with pytest.raises(StaleCase):
        save_case(project, lead, [], task="Fra en gammel formular", base_version=1)
    assert project.business_case.task == "Ny tekst"


def test_a_benefit_taken_out_is_marked_removed_not_deleted(project, lead, member):
    save_case(project, lead, [benefit_data(member)])
    benefit = project.business_case.benefits.get()
    save_case(project, lead, [], base_version=1)
    benefit.refresh_from_db()
    assert benefit.removed_in == 2
    assert list(project.business_case.benefits.current()) == []
    first = project.business_case.revisions.get(number=1)
    assert [b["title"] for b in first.snapshot["benefits"]] == ["Færre fald"]


def test_the_diff_page_names_what_was_added_removed_and_changed(client, project, lead, member):
    effects = [{"effect": "Personalet stoler blindt på alarmen", "mitigation": "Runder bevares"}]
    save_case(
        project,
        lead,
        [benefit_data(member), benefit_data(member, title="Færre vækninger")],
        effects,
    )
    falls, wakings = project.business_case.benefits.all()
    changed = benefit_data(member, id=falls.pk, target=Decimal("3"))
    new = benefit_data(member, title="Mindre tid på runder", kind="arbejdskraft")
    effects = [
        {"effect": "Personalet stoler blindt på alarmen", "mitigation": "Stikprøver hver nat"}
    ]
    save_case(
        project,
        lead,
        [changed, new],
        effects,
        costs_one_off=Decimal("1400000"),
        note="Efter forsøget",
        base_version=1,
    )
    client.force_login(member)  # anyone in the municipality reads it
    response = client.get(reverse("business_case_diff", args=[project.pk]), {"fra": 1, "til": 2})
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Tilføjet:</strong> Mindre tid på runder" in page
    assert "Fjernet:</strong> Færre vækninger" in page
    assert "Ændret:</strong> Færre fald" in page
    assert "<del>4</del>" in page and "<ins>3</ins>" in page  # the target
    assert "<del>1.250.000,5</del>" in page and "<ins>1.400.000</ins>" in page
    assert "Stikprøver hver nat" in page and "Efter forsøget" in page
    assert wakings.pk  # the removed benefit still exists


def test_the_diff_page_refuses_unknown_revisions_in_danish(client, project, lead, member):
    save_case(project, lead, [benefit_data(member)])
    client.force_login(lead)
    url = reverse("business_case_diff", args=[project.pk])
    response = client.get(url, {"fra": 1, "til": 7})
    assert response.status_code == 400
    assert "ingen revision med det nummer" in response.content.decode()
    assert client.get(url, {"fra": "x", "til": 1}).status_code == 400


def edit_post(project, member, **overrides):
    data = {
        "version": 0,
        "task": "Natlige fald",
        "efforts": "Sensorer",
        "costs_one_off": "1.250.000,50",
        "costs_yearly": "180.000",
        "governance": "Centerlederen",
        "note": "",
        "bivirkning-TOTAL_FORMS": 1,
        "bivirkning-INITIAL_FORMS": 0,
        "bivirkning-0-effect": "Falsk tryghed",
        "bivirkning-0-mitigation": "Stikprøver",
        "gevinst-TOTAL_FORMS": 1,
        "gevinst-INITIAL_FORMS": 0,
        "gevinst-0-title": "Færre fald",
        "gevinst-0-kind": "kvalitet",
        "gevinst-0-measure": "Fald pr. måned",
        "gevinst-0-unit": "fald",
        "gevinst-0-baseline": "12",
        "gevinst-0-target": "4,5",
        "gevinst-0-due_on": "2027-06-30",
        "gevinst-0-owner": member.pk,
    }
    return {**data, **overrides}


def test_the_lead_writes_the_case_with_danish_numbers(client, project, lead, member):
    client.force_login(lead)
    url = reverse("business_case_edit", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, edit_post(project, member))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = project.business_case
    assert case.costs_one_off == Decimal("1250000.50")
    assert case.costs_yearly == Decimal("180000")
    assert case.side_effects == [{"effect": "Falsk tryghed", "mitigation": "Stikprøver"}]
    assert case.benefits.get().target == Decimal("4.5")
    page = client.get(reverse("business_case", args=[project.pk])).content.decode()
    assert "1.250.000,5 kr." in page and "Revidér businesscasen" in page


def test_a_point_as_decimal_point_is_refused_in_danish(client, project, lead, member):
    client.force_login(lead)
    url = reverse("business_case_edit", args=[project.pk])
    response = client.post(url, edit_post(project, member, costs_one_off="1250000.50"))
    assert response.status_code == 400
    assert "Skriv et tal som fx 1.250.000,50" in response.content.decode()
    assert not hasattr(project, "business_case") or project.business_case.version == 0


def test_members_read_the_case_but_are_shown_no_edit_control(client, project, lead, member):
    save_case(project, lead, [benefit_data(member)])
    client.force_login(member)
    page = client.get(reverse("business_case", args=[project.pk])).content.decode()
    assert "Færre fald" in page and "Revidér businesscasen" not in page
    assert client.get(reverse("business_case_edit", args=[project.pk])).status_code == 403


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.250.000,50", Decimal("1250000.50")),
        ("1250000,50", Decimal("1250000.50")),
        (" 12 ", Decimal("12")),
        ("0,5", Decimal("0.5")),
        ("−3,25", Decimal("-3.25")),
        ("1 250 000", Decimal("1250000")),
    ],
)
def test_danish_numbers_are_read_as_written(typed, value):
    assert parse_danish(typed) == value


@pytest.mark.parametrize("typed", ["1250000.50", "1.25", "1,250,000", "12,", "abc", "1.2345", ""])
def test_other_ways_of_writing_a_number_are_refused(typed):
    with pytest.raises(ValueError):
        parse_danish(typed)


def test_amounts_are_shown_the_danish_way():
    assert format_danish(Decimal("1250000.50")) == "1.250.000,5"
    assert format_danish(Decimal("-4")) == "-4"
    assert format_danish(Decimal("0.25")) == "0,25"
