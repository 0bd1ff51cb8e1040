"""The plain data the dialogue pack will print about a project's business
case, competence plans and follow-ups (issue 8, item 7): JSON-ready, and
read in a fixed number of queries."""

import json
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.services import add_project_action
from actions.summary import open_actions_summary
from businesscase.services import record_measurement
from businesscase.summary import business_case_summary
from competences.services import create_plan, save_plan
from competences.summary import competence_plan_summary
from method.vocabulary import COMPETENCE_KEYS
from tests.followup_factories import benefit_data, save_case


def queries(function, *args):
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    json.dumps(result)  # plain data, as a pack's content is stored
    return result, len(captured)


def test_the_business_case_summary_has_the_latest_revision_and_its_changes(project, lead, member):
    assert business_case_summary(project) is None
    save_case(project, lead, [benefit_data(member)])
    benefit = project.business_case.benefits.get()
    benefit.set_status("delvist", "Vikarerne mangler oplæring", lead)
    for days in (40, 10):
        record_measurement(
            benefit, lead, measured_on=timezone.localdate() - timedelta(days=days), value=days
        )
    save_case(
        project,
        lead,
        [benefit_data(member, id=benefit.pk), benefit_data(member, title="Ny gevinst")],
        note="Efter drift",
        costs_yearly=Decimal("200000"),
        base_version=1,
    )
    summary, count = queries(business_case_summary, project)
    assert count == 4
    assert (summary["revision"], summary["note"], summary["costs_yearly"]) == (
        2,
        "Efter drift",
        "200000",
    )
    assert summary["changes"]["fields"] == ["årlige omkostninger (kr.)"]
    assert summary["changes"]["benefits"] == [{"state": "added", "title": "Ny gevinst"}]
    first = summary["benefits"][0]
    assert (first["status_label"], first["status_reason"]) == (
        "Delvist realiseret",
        "Vikarerne mangler oplæring",
    )
    assert [m["value"] for m in first["measurements"]] == ["40", "10"]
    assert first["latest_value"] == "10"
    for i in range(3):
        record_measurement(benefit, lead, measured_on=timezone.localdate(), value=i)
    assert queries(business_case_summary, project)[1] == count


def test_the_competence_summary_lists_the_gaps_per_group(project, lead):
    for group in ("Sagsbehandlere", "Superbrugere"):
        plan = create_plan(project, group)
        save_plan(plan, group, {COMPETENCE_KEYS[0]: ("mestre", "kende")}, {})
    summary, count = queries(competence_plan_summary, project)
    assert [plan["group"] for plan in summary] == ["Sagsbehandlere", "Superbrugere"]
    assert [gap["gap"] for gap in summary[0]["gaps"]] == [2]
    create_plan(project, "Nattevagter")
    assert queries(competence_plan_summary, project)[1] == count


def test_the_open_actions_summary(project, lead, committee):
    add_project_action(
        project,
        lead,
        what="Oplæring",
        owner=lead,
        deadline=timezone.localdate() - timedelta(days=1),
    )
    done = add_project_action(project, lead, what="Færdig", owner=lead)
    done.set_status("udfoert")
    summary, count = queries(open_actions_summary, project)
    assert count == 1
    assert [(a["what"], a["overdue"], a["status_label"]) for a in summary] == [
        ("Oplæring", True, "Åben")
    ]
