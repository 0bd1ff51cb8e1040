"""The demo's medarbejderpulser: one with enough answers to show, one with
too few, played from fixtures/pulses.toml through the pulse's services."""

from django.urls import reverse

from organisations.models import User
from projects.models import Project
from pulse.summary import pulse_summary

from .test_demo import FIXTURES, demo, read_toml  # noqa: F401 (the fixture)


def test_the_demo_has_a_pulse_with_results_and_one_with_too_few(demo, client):  # noqa: F811
    written = read_toml(FIXTURES / "pulses.toml")["pulse"]
    shown = {}
    for entry in written:
        project = Project.objects.get(title=entry["project"])
        (summary,) = pulse_summary(project)
        assert summary["responses"] == len(entry["answer"]), entry["project"]
        shown[entry["project"]] = summary
    falls, robot = (
        shown["Faldsensorer i plejeboliger"],
        shown["Softwarerobot i lønadministrationen"],
    )
    assert falls["has_results"] and falls["counted"] == 8 and not falls["is_open"]
    assert not robot["has_results"] and robot["missing"] == 2 and robot["questions"] == []

    client.force_login(User.objects.get(username="medlem"))
    project = Project.objects.get(title="Faldsensorer i plejeboliger")
    page = client.get(reverse("comparison", args=[project.assessment.pk])).content.decode()
    assert "Medarbejdernes stemme" in page and "8 medarbejdere har svaret af 14" in page
    assert "De falske alarmer midt på natten" in page
