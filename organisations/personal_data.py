"""A person's rights over their data (GDPR art. 15 and 17), in one place:
`export` gathers everything the workbench keeps about a person;
`anonymise` takes their name, username and e-mail out of it for good,
while what they said stays in the committee's record under
"Tidligere medlem (anonymiseret)". docs/data-protection.md lists every
personal field and where it is kept; each is read or rewritten here."""

import re

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from administration.history import Action, Kind, record
from administration.models import ChangeRecord, Invitation
from assessments.models import (
    Answer,
    AnswerRevision,
    AssessmentVersionChange,
    Comment,
    JointConfirmation,
    NamedConfirmer,
)
from attachments.models import Attachment
from businesscase.models import Benefit, BusinessCaseRevision, Measurement
from competences.models import Activity
from meetings.models import Action as FollowUp
from meetings.models import Meeting, MinutesSignature
from notifications.models import MailSettings, Notification
from packs.models import DialoguePack
from projects.models import PhaseTransition, Project
from pulse.models import Pulse
from questionnaires.models import TemplateChange, TemplateVersion

from .models import Membership, User

# Stored, not shown through gettext: it is data, the name the record keeps.
ANONYMISED_NAME = "Tidligere medlem (anonymiseret)"

# Every relation from a model to a person, and where `export` shows it (a
# test holds this to the models, so a new relation cannot be forgotten).
RELATIONS = {
    "organisations.Membership.user": "pladser",
    "assessments.Answer.respondent": "svar",
    "assessments.Answer.updated_by": "svar (den, der gemte sit eget eller udvalgets svar)",
    "assessments.AnswerRevision.author": "svarhistorik",
    "assessments.Comment.author": "kommentarer",
    "assessments.Comment.resolved_by": "kommentarer_løst",
    "assessments.AssessmentVersionChange.moved_by": "andre_spor.vurderinger_flyttet",
    "assessments.JointConfirmation.confirmed_by": "bekræftelser_af_fælles_svar",
    "assessments.NamedConfirmer.user": "udpeget_til_at_bekræfte",
    "assessments.NamedConfirmer.named_by": "andre_spor.bekræftere_udpeget",
    "meetings.Meeting.created_by": "andre_spor.møder_oprettet",
    "meetings.Meeting.material_sent_by": "andre_spor.materiale_sendt",
    "meetings.MinutesSignature.signed_by": "underskrifter",
    "meetings.Action.owner": "opfølgninger",
    "projects.Project.lead": "projekter_som_leder",
    "projects.PhaseTransition.moved_by": "andre_spor.faseskift",
    "questionnaires.TemplateVersion.published_by": "andre_spor.skabeloner_udgivet",
    "questionnaires.TemplateChange.changed_by": "andre_spor.skabelonændringer",
    "packs.DialoguePack.requested_by": "mødemateriale_bestilt",
    "meetings.Action.created_by": "andre_spor.opfølgninger_oprettet",
    "businesscase.BusinessCaseRevision.author": "andre_spor.businesscase_gemt",
    "businesscase.Benefit.owner": "gevinster_som_ansvarlig",
    "businesscase.Benefit.status_changed_by": "andre_spor.gevinststatus_ændret",
    "businesscase.Measurement.recorded_by": "målinger",
    "competences.Activity.owner": "kompetenceaktiviteter_som_ansvarlig",
    "attachments.Attachment.uploaded_by": "filer_vedhæftet",
    "pulse.Pulse.opened_by": "andre_spor.medarbejderpuls_åbnet",
    "pulse.Pulse.closed_by": "andre_spor.medarbejderpuls_lukket",
    "administration.ChangeRecord.actor": "ændringer_foretaget",
    "administration.Invitation.user": "person (invitationer slettes ved anonymisering)",
    "administration.Invitation.created_by": "ændringer_foretaget (invitationen står som ændring)",
    "notifications.Notification.recipient": "e-mails (slettes ved anonymisering)",
    "notifications.MailSettings.user": "e-mailindstillinger (slettes ved anonymisering)",
}


def _when(moment):
    return moment.isoformat() if moment else None


def export(user: User) -> dict:
    """Everything about `user`, as plain JSON-ready data."""
    return {
        "eksporteret": _when(timezone.now()),
        "person": {
            "brugernavn": user.username,
            "fornavn": user.first_name,
            "efternavn": user.last_name,
            "e-mail": user.email,
            "kommune": str(user.municipality) if user.municipality else None,
            "aktiv": user.is_active,
            "projektleder": user.is_project_lead,
            "skabelonadministrator": user.is_template_admin,
            "kommuneadministrator": user.is_municipal_admin,
            "single_sign_on": user.oidc_subject,
            "oprettet": _when(user.date_joined),
            "sidst_logget_ind": _when(user.last_login),
        },
        "pladser": [
            {
                "udvalg": seat.committee.name,
                "side": seat.side,
                "rolle": seat.role,
                "fra": seat.valid_from.isoformat(),
                "ophører": seat.valid_to.isoformat() if seat.valid_to else None,
            }
            for seat in Membership.objects.filter(user=user).select_related("committee")
        ],
        "svar": [
            {
                "projekt": answer.assessment.project.title,
                "spørgsmål": answer.question.key,
                "side": answer.side,
                "værdi": answer.value,
                "tekst": answer.text,
                "status": answer.status,
                "gemt": _when(answer.updated_at),
                "arkiveret": _when(answer.archived_at),
            }
            for answer in Answer.objects.filter(respondent=user).select_related(
                "assessment__project", "question"
            )
        ],
        "svarhistorik": [
            {
                "projekt": revision.answer.assessment.project.title,
                "spørgsmål": revision.answer.question.key,
                "udgave": revision.version,
                "værdi": revision.value,
                "tekst": revision.text,
                "status": revision.status,
                "fase": revision.phase,
                "gemt": _when(revision.created_at),
            }
            for revision in AnswerRevision.objects.filter(author=user).select_related(
                "answer__assessment__project", "answer__question"
            )
        ],
        "kommentarer": [
            {
                "projekt": comment.assessment.project.title,
                "spørgsmål": comment.question.key,
                "kommentar": comment.body,
                "skrevet": _when(comment.created_at),
                "løst": _when(comment.resolved_at),
            }
            for comment in Comment.objects.filter(author=user).select_related(
                "assessment__project", "question"
            )
        ],
        "opfølgninger": [
            {"hvad": action.what, "frist": _when(action.deadline), "status": action.status}
            for action in FollowUp.objects.filter(owner=user)
        ],
        "gevinster_som_ansvarlig": list(
            Benefit.objects.filter(owner=user).values_list("title", flat=True)
        ),
        "målinger": [
            {"gevinst": m.benefit.title, "dato": _when(m.measured_on), "værdi": str(m.value)}
            for m in Measurement.objects.filter(recorded_by=user).select_related("benefit")
        ],
        "kompetenceaktiviteter_som_ansvarlig": list(
            Activity.objects.filter(owner=user).values_list("what", flat=True)
        ),
        "filer_vedhæftet": list(
            Attachment.objects.filter(uploaded_by=user).values_list("name", flat=True)
        ),
        "underskrifter": [
            {
                "møde": _when(signature.meeting.starts_at),
                "udvalg": signature.meeting.committee.name,
                "rolle": signature.role,
                "underskrevet": _when(signature.signed_at),
            }
            for signature in MinutesSignature.objects.filter(signed_by=user).select_related(
                "meeting__committee"
            )
        ],
        "bekræftelser_af_fælles_svar": [
            {
                "projekt": confirmation.answer.assessment.project.title,
                "spørgsmål": confirmation.answer.question.key,
                "side": confirmation.side,
                "svarets_version": confirmation.version,
                "bekræftet": _when(confirmation.confirmed_at),
            }
            for confirmation in JointConfirmation.objects.filter(confirmed_by=user).select_related(
                "answer__assessment__project", "answer__question"
            )
        ],
        "udpeget_til_at_bekræfte": [
            {"udvalg": named.committee.name, "side": named.side, "udpeget": _when(named.named_at)}
            for named in NamedConfirmer.objects.filter(user=user).select_related("committee")
        ],
        "projekter_som_leder": list(
            Project.objects.filter(lead=user).values_list("title", flat=True)
        ),
        "mødemateriale_bestilt": _moments(
            DialoguePack.objects.filter(requested_by=user), "requested_at"
        ),
        "kommentarer_løst": [
            {"kommentar_id": pk, "løst": _when(moment)}
            for pk, moment in Comment.objects.filter(resolved_by=user).values_list(
                "pk", "resolved_at"
            )
        ],
        "e-mails": [
            {
                "slags": note.kind,
                "om_id": note.object_id,
                "anledning": note.occasion,
                "daglig_oversigt": note.in_digest,
                "oprettet": _when(note.created_at),
                "sendt": _when(note.sent_at),
                "ikke_sendt": _when(note.dropped_at),
                "hvorfor_ikke": note.dropped_because,
            }
            for note in Notification.objects.filter(recipient=user)
        ],
        "e-mailindstillinger": [
            {"sprog": chosen.language, "valg": chosen.deliveries}
            for chosen in MailSettings.objects.filter(user=user)
        ],
        "andre_spor": _other_traces(user),
        "ændringer_foretaget": [
            {"tidspunkt": _when(change.at), "handling": change.action, "hvad": change.summary}
            for change in ChangeRecord.objects.filter(actor=user)
        ],
        "ændringer_af_personen": [
            {
                "tidspunkt": _when(change.at),
                "handling": change.action,
                "før": change.before,
                "efter": change.after,
            }
            for change in ChangeRecord.objects.filter(kind=Kind.USER, object_id=user.pk)
        ],
        "log_ind": _log_in_records(user.username),
    }


def _other_traces(user: User) -> dict:
    """What the person did that carries their name, without text of theirs."""
    return {
        "møder_oprettet": _moments(Meeting.objects.filter(created_by=user), "created_at"),
        "materiale_sendt": _moments(
            Meeting.objects.filter(material_sent_by=user), "material_sent_at"
        ),
        "faseskift": [
            {
                "projekt": move.project.title,
                "fra": move.from_step,
                "til": move.to_step,
                "tidspunkt": _when(move.moved_at),
                "begrundelse": move.reason,
            }
            for move in PhaseTransition.objects.filter(moved_by=user).select_related("project")
        ],
        "vurderinger_flyttet": _moments(
            AssessmentVersionChange.objects.filter(moved_by=user), "moved_at"
        ),
        "skabeloner_udgivet": _moments(
            TemplateVersion.objects.filter(published_by=user), "published_at"
        ),
        "skabelonændringer": [
            {"ændring": change.summary, "tidspunkt": _when(change.changed_at)}
            for change in TemplateChange.objects.filter(changed_by=user)
        ],
        "opfølgninger_oprettet": _moments(FollowUp.objects.filter(created_by=user), "created_at"),
        "businesscase_gemt": _moments(
            BusinessCaseRevision.objects.filter(author=user), "created_at"
        ),
        "gevinststatus_ændret": _moments(
            Benefit.objects.filter(status_changed_by=user), "status_changed_at"
        ),
        "medarbejderpuls_åbnet": _moments(Pulse.objects.filter(opened_by=user), "opened_at"),
        "medarbejderpuls_lukket": _moments(Pulse.objects.filter(closed_by=user), "closed_at"),
        "bekræftere_udpeget": _moments(NamedConfirmer.objects.filter(named_by=user), "named_at"),
    }


def _moments(queryset, field: str) -> list:
    return [_when(moment) for moment in queryset.values_list(field, flat=True)]


def _log_in_records(username: str) -> dict:
    """What django-axes keeps: every login (and logout), failed ones, and
    the running count of failures."""
    return {
        "log_ind": [
            {
                "tidspunkt": _when(entry.attempt_time),
                "log_ud": _when(entry.logout_time),
                "ip": entry.ip_address,
                "browser": entry.user_agent,
            }
            for entry in AccessLog.objects.filter(username=username)
        ],
        "fejlede": [
            {
                "tidspunkt": _when(entry.attempt_time),
                "ip": entry.ip_address,
                "browser": entry.user_agent,
            }
            for entry in AccessFailureLog.objects.filter(username=username)
        ],
        "forsøg_i_træk": [
            {"ip": entry.ip_address, "antal": entry.failures_since_start}
            for entry in AccessAttempt.objects.filter(username=username)
        ],
    }


# -- anonymisation ----------------------------------------------------------


@transaction.atomic
def anonymise(user: User, actor: User) -> User:
    """Name, username and e-mail out of the database for good: from the user
    row, from every history row of the administration, from the data kept
    with earlier packs, and from django-axes' records. Answers, comments and
    seats stay, so the committee's record and its counts are unchanged; the
    person can no longer log in and holds no seat from today."""
    traces = _traces_of(user)
    _end_open_seats(user)
    Invitation.objects.filter(user=user).delete()
    # What they were told, and how they wanted it, says nothing the record needs.
    Notification.objects.filter(recipient=user).delete()
    MailSettings.objects.filter(user=user).delete()
    _forget_log_ins(user.username)
    _forget_sessions(user)
    user.username = f"anonymiseret-{user.pk}"
    user.first_name, user.last_name, user.email = ANONYMISED_NAME, "", ""
    user.oidc_subject = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.is_municipal_admin = user.is_project_lead = user.is_template_admin = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    for change in ChangeRecord.objects.filter(municipality=user.municipality_id):
        _scrub_record(change, traces)
    for pack in DialoguePack.objects.for_municipality(user.municipality_id).exclude(source=None):
        pack.source = scrub(pack.source, traces)
        pack.save(update_fields=["source"])
    # A business case's revisions are never changed, but for this: they keep
    # each benefit's owner by name.
    revisions = BusinessCaseRevision.objects.filter(
        case__project__municipality_id=user.municipality_id
    )
    for revision in revisions:
        cleaned = scrub(revision.snapshot, traces)
        if cleaned != revision.snapshot:
            BusinessCaseRevision.objects.filter(pk=revision.pk).update(snapshot=cleaned)
    record(actor, user.municipality, Kind.USER, user, Action.ANONYMISED)
    return user


def _traces_of(user: User) -> dict:
    """What to take out: the name, username and e-mail as words inside any
    text (never inside another word: a username like "hr" stays in
    "Christian"), and the first and last name as whole values."""
    inside = {user.get_full_name(), user.username, user.email, str(user)}
    words = sorted((text for text in inside if text), key=len, reverse=True)
    return {
        "inside": re.compile("|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in words)),
        "whole": {text for text in (user.first_name, user.last_name) if text},
    }


def scrub(value, traces):
    """`value` (JSON data) with the person's traces replaced."""
    if isinstance(value, dict):
        return {key: scrub(item, traces) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, traces) for item in value]
    if not isinstance(value, str):
        return value
    if value in traces["whole"]:
        return ANONYMISED_NAME
    return traces["inside"].sub(ANONYMISED_NAME, value)


def _scrub_record(change: ChangeRecord, traces) -> None:
    cleaned = (
        scrub(change.summary, traces),
        scrub(change.before, traces),
        scrub(change.after, traces),
    )
    if cleaned != (change.summary, change.before, change.after):
        change.summary, change.before, change.after = cleaned
        change.save(update_fields=["summary", "before", "after"])


def _end_open_seats(user: User) -> None:
    """Seats held end today; a seat begun today or later has no history
    worth keeping (answers keep their side themselves) and goes."""
    today = timezone.localdate()
    Membership.objects.filter(user=user, valid_from__gte=today).delete()
    Membership.objects.current().filter(user=user).update(valid_to=today)


def _forget_log_ins(username: str) -> None:
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


def _forget_sessions(user: User) -> None:
    """Sessions are signed blobs; the user's own are found by decoding."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
