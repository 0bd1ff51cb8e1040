"""Benefits realisation: measurements over time, a status whose last three
values need a reason, and a chart per benefit that is a real chart of the
data, readable without colour, with a text alternative."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from businesscase.models import Benefit
from businesscase.services import record_measurement
from tests.factories import make_user
from tests.followup_factories import make_benefit

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("status", ["delvist", "ikke_realiseret", "opgivet"])
def test_the_last_three_statuses_need_a_reason(project, lead, status):
    benefit = make_benefit(project, lead)
    with pytest.raises(ValidationError, match="Skriv hvorfor"):
        benefit.set_status(status, "  ", lead)
    benefit.set_status(status, "Leverandøren nåede det ikke.", lead)
    benefit.refresh_from_db()
    assert (benefit.status, benefit.status_reason) == (status, "Leverandøren nåede det ikke.")
    assert benefit.status_changed_by == lead


def test_the_database_refuses_a_status_without_its_reason(project, lead):
    benefit = make_benefit(project, lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Benefit.objects.filter(pk=benefit.pk).update(status="opgivet", status_reason="")


def test_on_track_and_realised_need_no_reason(project, lead):
    benefit = make_benefit(project, lead)
    benefit.set_status("realiseret", "", lead)
    benefit.set_status("paa_vej", "", lead)
    assert Benefit.objects.get(pk=benefit.pk).status == "paa_vej"


def test_the_status_page_asks_for_the_reason(client, project, lead):
    benefit = make_benefit(project, lead)
    client.force_login(lead)
    url = reverse("benefit_status", args=[benefit.pk])
    response = client.post(url, {"status": "opgivet", "reason": ""})
    assert response.status_code == 400
    assert "Skriv hvorfor gevinsten er opgivet" in response.content.decode()
    assert client.post(url, {"status": "opgivet", "reason": "Sensorerne udgår"}).status_code == 302


def test_the_owner_records_measurements_and_others_in_the_municipality_read_them(
    client, project, lead, member, municipality
):
    benefit = make_benefit(project, lead, owner=member)
    client.force_login(member)
    page = client.get(reverse("benefit_detail", args=[benefit.pk])).content.decode()
    assert "Ny måling" in page and "Gem status" not in page  # measures; the status is the lead's
    url = reverse("measurement_add", args=[benefit.pk])
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = client.post(url, {"measured_on": day, "value": "9,5", "note": "Marts"})
    assert response.status_code == 302
    measurement = benefit.measurements.get()
    assert (measurement.value, measurement.recorded_by) == (Decimal("9.5"), member)
    reader = make_user("laeser", municipality)
    client.force_login(reader)
    page = client.get(reverse("benefit_detail", args=[benefit.pk])).content.decode()
    assert "9,5 fald" in page and "Marts" in page and "Ny måling" not in page
    assert client.post(url, {"measured_on": day, "value": "1"}).status_code == 403


def test_a_measurement_in_the_future_is_refused(project, lead):
    benefit = make_benefit(project, lead)
    with pytest.raises(ValidationError):
        record_measurement(
            benefit, lead, measured_on=timezone.localdate() + timedelta(days=1), value=Decimal(1)
        )


def chart_svg(page: str) -> ET.Element:
    """The first chart on the page, parsed as XML."""
    svg = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg".*?</svg>', page, re.S
    )
    assert svg, "no chart on the page"
    return ET.fromstring(svg.group(0))


def value_at(svg: ET.Element):
    """The y axis, read from its tick labels: y coordinate → value."""
    ticks = [
        (float(t.get("y")), float(t.text.replace(".", "").replace(",", ".")))
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "chart__tick-y"
    ]
    (y0, v0), (y1, v1) = ticks[0], ticks[-1]
    return lambda y: v0 + (y - y0) * (v1 - v0) / (y1 - y0)


def test_the_chart_plots_the_measurements_baseline_and_target(client, project, lead):
    benefit = make_benefit(project, lead, baseline=Decimal("12"), target=Decimal("4"))
    values = [Decimal("11"), Decimal("8.5"), Decimal("6")]
    start = timezone.localdate() - timedelta(days=90)
    for offset, value in enumerate(values):
        record_measurement(
            benefit, lead, measured_on=start + timedelta(days=30 * offset), value=value
        )
    client.force_login(lead)
    page = client.get(reverse("benefit_detail", args=[benefit.pk])).content.decode()
    svg = chart_svg(page)
    to_value = value_at(svg)
    points = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "chart__point"]
    assert [round(to_value(float(p.get("cy"))), 2) for p in points] == [11, 8.5, 6]
    xs = [float(p.get("cx")) for p in points]
    assert xs == sorted(xs) and xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.2)
    lines = {line.get("class"): line for line in svg.iter(f"{SVG}line") if line.get("class")}
    assert round(to_value(float(lines["chart__baseline"].get("y1"))), 2) == 12
    assert round(to_value(float(lines["chart__target"].get("y1"))), 2) == 4
    # Black and white: the lines differ by their dash pattern, the points have markers.
    dashes = {lines[name].get("stroke-dasharray") for name in ("chart__baseline", "chart__target")}
    assert len(dashes) == 2 and None not in dashes
    polyline = next(svg.iter(f"{SVG}polyline"))
    assert polyline.get("stroke-dasharray") is None
    # The text alternative: a description, and the table with every value.
    desc = next(svg.iter(f"{SVG}desc")).text
    assert "Udgangspunkt 12 fald, mål 4 fald" in " ".join(desc.split())
    assert "3 målinger; den seneste 6 fald" in " ".join(desc.split())
    assert svg.get("aria-describedby") == next(svg.iter(f"{SVG}desc")).get("id")
    for shown in ("11 fald", "8,5 fald", "6 fald"):
        assert f"<td>{shown}</td>" in page
    assert 'style="' not in page


def test_a_chart_without_measurements_still_shows_baseline_and_target(client, project, lead):
    benefit = make_benefit(project, lead, due_on=date.today() + timedelta(days=30))
    client.force_login(lead)
    page = client.get(reverse("business_case", args=[project.pk])).content.decode()
    svg = chart_svg(page)
    assert not [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "chart__point"]
    assert "Ingen målinger endnu." in page
    assert benefit.title in page
