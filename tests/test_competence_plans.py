"""Competence plans per employee group: the twelve competences of
Kompetencehjulet with needed and current level, activities, the three
principles with their justification, and a wheel of needed against current."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competences.models import CompetencePlan
from competences.services import add_activity, create_plan, save_plan
from competences.summary import competence_plan_summary
from method.vocabulary import COMPETENCE_KEYS, COMPETENCE_WHEEL
from packs.charts import WHEEL_RADIUS
from questionnaires.models import TemplateVersion

SVG = "{http://www.w3.org/2000/svg}"


def test_the_standard_template_asks_about_the_vocabularys_twelve_competences(db):
    """The vocabulary is the one list; the template's wheel questions are it."""
    version = TemplateVersion.objects.filter(template__key="sammen-om-ny-teknologi").latest(
        "number"
    )
    asked = [
        (q.key, q.text)
        for q in version.questions().select_related("section").order_by("section__order", "order")
        if q.key.startswith("kompetencehjul.")
    ]
    assert asked == [(f"kompetencehjul.{c.key}", str(c.label)) for c in COMPETENCE_WHEEL]


def test_a_new_plan_has_the_twelve_competences_and_three_principles(project):
    plan = create_plan(project, " Social- og sundhedsassistenter ")
    assert plan.group == "Social- og sundhedsassistenter"
    assert tuple(plan.lines.values_list("competence", flat=True)) == COMPETENCE_KEYS
    assert list(plan.principles.values_list("principle", flat=True)) == [
        "praksisnaer",
        "differentieret",
        "vedvarende",
    ]
    with pytest.raises(ValidationError):
        create_plan(project, "Social- og sundhedsassistenter")


def test_levels_give_the_gaps_and_a_verdict_needs_its_justification(project, lead):
    plan = create_plan(project, "Sagsbehandlere")
    first, second, third = COMPETENCE_KEYS[:3]
    levels = {first: ("mestre", "kende"), second: ("kunne", "kunne"), third: ("kunne", "")}
    with pytest.raises(ValidationError):
        save_plan(plan, plan.group, levels, {"praksisnaer": ("ja", " ")})
    save_plan(plan, plan.group, levels, {"praksisnaer": ("ja", "Oplæring på egne sager")})
    gaps = competence_plan_summary(project)[0]["gaps"]
    assert [(g["competence"], g["gap"], g["needed_label"], g["current_label"]) for g in gaps] == [
        (first, 2, "Mestre", "Kende")
    ]
    principles = competence_plan_summary(project)[0]["principles"]
    assert principles[0] == {
        "principle": "praksisnaer",
        "label": "Praksisnær",
        "meets": "ja",
        "meets_label": "Ja",
        "justification": "Oplæring på egne sager",
    }


def edit_data(plan, **levels):
    data = {
        "group": plan.group,
        "niveau-TOTAL_FORMS": 12,
        "niveau-INITIAL_FORMS": 12,
        "princip-TOTAL_FORMS": 3,
        "princip-INITIAL_FORMS": 3,
    }
    for number, key in enumerate(COMPETENCE_KEYS):
        needed, current = levels.get(key, ("", ""))
        data |= {
            f"niveau-{number}-competence": key,
            f"niveau-{number}-needed": needed,
            f"niveau-{number}-current": current,
        }
    for number, key in enumerate(["praksisnaer", "differentieret", "vedvarende"]):
        data |= {f"princip-{number}-principle": key, f"princip-{number}-meets": ""}
    return data


def test_the_lead_fills_in_the_plan_and_the_page_draws_its_wheel(client, project, lead, member):
    client.force_login(lead)
    response = client.post(
        reverse("competence_plans", args=[project.pk]), {"group": "Superbrugere"}
    )
    plan = CompetencePlan.objects.get(project=project)
    assert response.status_code == 302
    url = reverse("competence_plan_edit", args=[plan.pk])
    assert client.get(url).status_code == 200
    first, second = COMPETENCE_KEYS[0], COMPETENCE_KEYS[4]
    data = edit_data(plan, **{first: ("mestre", "kunne"), second: ("kende", "kende")})
    data |= {"princip-2-meets": "nej"}  # without a justification
    response = client.post(url, data)
    assert response.status_code == 400 and "Begrund vurderingen" in response.content.decode()
    data |= {"princip-2-justification": "Ingen opfølgning efter go-live endnu"}
    assert client.post(url, data).status_code == 302
    add_activity(
        plan,
        what="Oplæring i alarmer",
        form="sidemandsoplaering",
        timing="Uge 10",
        hours=Decimal("3.5"),
        owner=lead,
    )

    client.force_login(member)  # the municipality reads; only keepers edit
    page = client.get(reverse("competence_plan", args=[plan.pk])).content.decode()
    assert "Ret niveauer og principper" not in page and "Tilføj aktivitet" not in page
    assert "Oplæring i alarmer" in page and "3,5" in page
    assert "Ingen opfølgning efter go-live endnu" in page
    svg = ET.fromstring(
        re.search(
            r'<svg xmlns="http://www.w3.org/2000/svg" class="wheel__svg".*?</svg>', page, re.S
        ).group(0)
    )
    paths = {"wheel__current": [], "wheel__needed": []}
    for path in svg.iter(f"{SVG}path"):
        paths[path.get("class")].append(path)
    # Current: kunne and kende (filled); needed: mestre and kende (dashed outline).
    assert [_radius(p) for p in paths["wheel__current"]] == [WHEEL_RADIUS * 2 / 3, WHEEL_RADIUS / 3]
    assert [_radius(p) for p in paths["wheel__needed"]] == [WHEEL_RADIUS, WHEEL_RADIUS / 3]
    assert all(
        p.get("stroke-dasharray") and p.get("fill") == "none" for p in paths["wheel__needed"]
    )
    assert all(p.get("fill") != "none" for p in paths["wheel__current"])
    assert "Brugerkompetencer: nødvendigt mestre, nu kunne" in next(svg.iter(f"{SVG}desc")).text
    assert 'style="' not in page


def _radius(path) -> float:
    """A wedge "M cx cy L x y A r r …": its radius."""
    return pytest.approx(float(path.get("d").split(" A ")[1].split()[0]), abs=0.1)


def test_a_member_cannot_add_a_plan(client, project, member):
    client.force_login(member)
    page = client.get(reverse("competence_plans", args=[project.pk])).content.decode()
    assert "Opret plan" not in page
    response = client.post(reverse("competence_plans", args=[project.pk]), {"group": "Alle"})
    assert response.status_code == 403
    assert not CompetencePlan.objects.exists()
