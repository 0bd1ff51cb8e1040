"""Factories for the business case, benefits and competence plans."""

from datetime import date, timedelta
from decimal import Decimal

from businesscase.services import CaseSubmission, save_business_case

CASE_FIELDS = {
    "task": "Natlige fald opdages for sent.",
    "efforts": "Sensorer i loftet og nye natterunder.",
    "costs_one_off": Decimal("1250000.50"),
    "costs_yearly": Decimal("180000"),
    "governance": "Centerlederen er ansvarlig; Lokal-MED følger op.",
}


def benefit_data(owner, title="Færre fald", **fields) -> dict:
    return {
        "id": None,
        "title": title,
        "kind": "kvalitet",
        "measure": "Fald pr. måned",
        "unit": "fald",
        "baseline": Decimal("12"),
        "target": Decimal("4"),
        "due_on": date.today() + timedelta(days=200),
        "owner": owner,
        **fields,
    }


def save_case(project, author, benefits=(), side_effects=(), note="", base_version=None, **fields):
    return save_business_case(
        project,
        author,
        CaseSubmission(
            fields={**CASE_FIELDS, **fields},
            side_effects=list(side_effects),
            benefits=list(benefits),
            note=note,
            base_version=base_version,
        ),
    )


def make_benefit(project, author, owner=None, **fields):
    """A business case with one benefit; returns the benefit."""
    save_case(project, author, [benefit_data(owner or author, **fields)])
    return project.business_case.benefits.get()
