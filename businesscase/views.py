from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.tenancy import CHANGE
from projects.records import keeps_records

from .access import MEASURE, get_benefit_for_user, get_business_case_for_user, may
from .diff import diff_snapshots
from .forms import (
    BenefitFormSet,
    BenefitStatusForm,
    BusinessCaseForm,
    MeasurementForm,
    RevisionPairForm,
    SideEffectFormSet,
)
from .models import Benefit, Measurement
from .services import CaseSubmission, StaleCase, record_measurement, save_business_case
from .summary import chart_of


@login_required
def business_case(request, pk):
    case = get_business_case_for_user(request.user, pk)
    benefits = _benefits_with_charts(case)
    revisions = list(case.revisions.select_related("author")) if case.pk else []
    return render(
        request,
        "businesscase/case.html",
        {
            "case": case,
            "project": case.project,
            "benefits": benefits,
            "revisions": revisions,
            "can_edit": keeps_records(request.user, case.project),
        },
    )


def _benefits_with_charts(case) -> list[Benefit]:
    """The case's current benefits, each with its measurements and chart (two queries)."""
    if case.pk is None:
        return []
    benefits = list(
        case.benefits.current()
        .select_related("owner")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.select_related("recorded_by"))
        )
    )
    for benefit in benefits:
        benefit.chart = chart_of(benefit, benefit.measurements.all())
    return benefits


@login_required
def business_case_edit(request, pk):
    case = get_business_case_for_user(request.user, pk, action=CHANGE)
    municipality_id = case.project.municipality_id
    data = request.POST if request.method == "POST" else None
    form = BusinessCaseForm(data, initial={**_case_initial(case), "version": case.version})
    side_effects = SideEffectFormSet(data, initial=case.side_effects, prefix="bivirkning")
    benefits = BenefitFormSet(
        data,
        initial=_benefit_initial(case),
        prefix="gevinst",
        form_kwargs={"municipality_id": municipality_id},
    )
    if data is not None and form.is_valid() and side_effects.is_valid() and benefits.is_valid():
        try:
            revision = save_business_case(
                case.project, request.user, _submission(form, side_effects, benefits)
            )
        except StaleCase as exc:
            return _edit_page(request, case, form, side_effects, benefits, exc.messages, 409)
        except ValidationError as exc:
            return _edit_page(request, case, form, side_effects, benefits, exc.messages, 400)
        if revision is None:
            messages.info(request, _("Intet var ændret; der er ikke gemt en ny revision."))
        else:
            messages.success(
                request,
                _("Businesscasen er gemt som revision %(number)s.") % {"number": revision.number},
            )
        return redirect("business_case", pk=case.project.pk)
    status = 400 if data is not None else 200
    return _edit_page(request, case, form, side_effects, benefits, [], status)


def _edit_page(request, case, form, side_effects, benefits, problems, status):
    context = {
        "case": case,
        "project": case.project,
        "form": form,
        "side_effects": side_effects,
        "benefit_forms": benefits,
        "problems": problems,
    }
    return render(request, "businesscase/case_form.html", context, status=status)


def _case_initial(case) -> dict:
    names = ("task", "efforts", "costs_one_off", "costs_yearly", "governance")
    return {name: getattr(case, name) for name in names}


def _benefit_initial(case) -> list[dict]:
    if case.pk is None:
        return []
    names = ("id", "title", "kind", "measure", "unit", "baseline", "target", "due_on", "owner")
    return [{name: getattr(b, name) for name in names} for b in case.benefits.current()]


def _submission(form, side_effects, benefits) -> CaseSubmission:
    fields = dict(form.cleaned_data)
    return CaseSubmission(
        fields=fields,
        side_effects=[
            f.cleaned_data for f in side_effects if _kept(f) and f.cleaned_data.get("effect")
        ],
        benefits=[f.cleaned_data for f in benefits if _kept(f) and f.cleaned_data],
        note=fields.pop("note"),
        base_version=fields.pop("version"),
    )


def _kept(form) -> bool:
    return not form.cleaned_data.get("DELETE")


@login_required
def business_case_diff(request, pk):
    case = get_business_case_for_user(request.user, pk)
    if case.pk is None or case.version == 0:
        raise Http404
    form = RevisionPairForm(request.GET or {"fra": max(case.version - 1, 1), "til": case.version})
    if not form.is_valid():
        return render(request, "businesscase/diff.html", {"case": case, "form": form}, status=400)
    wanted = {form.cleaned_data["fra"], form.cleaned_data["til"]}
    found = {r.number: r for r in case.revisions.filter(number__in=wanted).select_related("author")}
    if set(found) != wanted:
        form.add_error(None, _("Businesscasen har ingen revision med det nummer."))
        return render(request, "businesscase/diff.html", {"case": case, "form": form}, status=400)
    old, new = found[form.cleaned_data["fra"]], found[form.cleaned_data["til"]]
    context = {
        "case": case,
        "project": case.project,
        "form": form,
        "old": old,
        "new": new,
        "diff": diff_snapshots(old.snapshot, new.snapshot),
        "numbers": list(range(1, case.version + 1)),
    }
    return render(request, "businesscase/diff.html", context)


@login_required
def benefit_detail(request, benefit_id):
    benefit = get_benefit_for_user(request.user, benefit_id)
    return render(request, "businesscase/benefit.html", _benefit_context(request, benefit))


def _benefit_context(request, benefit, **forms):
    measurements = list(benefit.measurements.select_related("recorded_by"))
    user = request.user
    return {
        "benefit": benefit,
        "project": benefit.case.project,
        "measurements": measurements,
        "chart": chart_of(benefit, measurements),
        "may_measure": not benefit.is_removed and may(user, benefit, MEASURE),
        "may_set_status": may(user, benefit, CHANGE),
        "measurement_form": forms.get("measurement_form") or MeasurementForm(),
        "status_form": forms.get("status_form")
        or BenefitStatusForm(initial={"status": benefit.status, "reason": benefit.status_reason}),
    }


@login_required
@require_POST
def measurement_add(request, benefit_id):
    benefit = get_benefit_for_user(request.user, benefit_id, action=MEASURE)
    form = MeasurementForm(request.POST)
    return _apply(
        request,
        benefit,
        form,
        lambda data: record_measurement(benefit, request.user, **data),
        _("Målingen er gemt."),
        "measurement_form",
    )


@login_required
@require_POST
def benefit_status(request, benefit_id):
    benefit = get_benefit_for_user(request.user, benefit_id, action=CHANGE)
    form = BenefitStatusForm(request.POST)
    return _apply(
        request,
        benefit,
        form,
        lambda data: benefit.set_status(data["status"], data["reason"], request.user),
        _("Gevinstens status er gemt."),
        "status_form",
    )


def _apply(request, benefit, form, change, done: str, form_name: str):
    """Run `change` with the form's data; what the form or the model
    refuses is shown on the benefit's page, in the form that was sent."""
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("benefit_detail", benefit_id=benefit.pk)
    context = _benefit_context(request, benefit, **{form_name: form})
    return render(request, "businesscase/benefit.html", context, status=400)
