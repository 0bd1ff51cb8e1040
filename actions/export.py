"""The follow-up overview as a CSV file that Danish Excel opens as it is:
UTF-8 with a byte order mark (else Excel reads æøå as Latin-1),
semicolons between the columns (the list separator of a Danish Windows),
dates as dd-mm-yyyy."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

BOM = "\ufeff"
# A cell Excel would take for a formula is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def actions_csv(actions) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Hvad"),
            _("Ansvarlig"),
            _("Frist"),
            _("Status"),
            _("Overskredet"),
            _("Projekt"),
            _("Møde"),
            _("Knyttet til"),
        ]
    )
    for action in actions:
        writer.writerow(
            [
                _cell(action.what),
                _cell(str(action.owner)),
                action.deadline.strftime("%d-%m-%Y") if action.deadline else "",
                action.get_status_display(),
                _("ja") if action.is_overdue else _("nej"),
                _cell(action.project.title if action.project else ""),
                _cell(_meeting(action)),
                _cell(serves(action)),
            ]
        )
    return BOM + out.getvalue()


def filename() -> str:
    return f"opfoelgning-{timezone.localdate():%d-%m-%Y}.csv"


def serves(action) -> str:
    """What the action serves, in words: a benefit, a competence, a question."""
    if action.benefit_id:
        return _("Gevinst: %(title)s") % {"title": action.benefit.title}
    if action.competence_line_id:
        line = action.competence_line
        return _("Kompetence: %(name)s (%(group)s)") % {
            "name": line.get_competence_display(),
            "group": line.plan.group,
        }
    if action.question_id:
        return _("Spørgsmål: %(text)s") % {"text": action.question.text}
    return ""


def _meeting(action) -> str:
    if action.item_id is None:
        return ""
    meeting = action.item.meeting
    return f"{meeting.committee} {timezone.localtime(meeting.starts_at):%d-%m-%Y}"


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
