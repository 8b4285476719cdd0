"""Pages of reminders, notifications and inspections. Thin: permissions through
`org.permissions`, reads through `followup.queries`, writes through `followup.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongthu.followup import queries, services
from phongthu.followup.forms import (
    AnswerForm,
    FollowUpForm,
    InspectionForm,
    ReminderSendForm,
    plan_name,
)
from phongthu.followup.models import Finding, Inspection, Notification, Reminder
from phongthu.org.permissions import Action, can, units_for
from phongthu.plans.models import Assignment, Plan, PlanStatus

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware guarantees a signed-in person on every page here.
    assert isinstance(request.user, User)
    return request.user


def _page(request: HttpRequest, items: object) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("trang"))  # type: ignore[arg-type]


def _form_errors(form: object, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)  # type: ignore[attr-defined]


# --- Reminders ------------------------------------------------------------------------------


def _may_see_reminders(user: User) -> bool:
    return can(user, Action.REMINDER_SEND) or can(user, Action.REMINDER_ANSWER)


def _may_open(user: User, reminder: Reminder) -> bool:
    return can(user, Action.REMINDER_SEND, reminder.unit) or can(
        user, Action.REMINDER_ANSWER, reminder.unit
    )


@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_see_reminders(user):
        raise PermissionDenied
    return render(
        request,
        "followup/reminder_list.html",
        {
            "page": _page(request, queries.reminders_visible(user)),
            "may_send": can(user, Action.REMINDER_SEND),
            "may_answer": can(user, Action.REMINDER_ANSWER),
            "answer_units": set(
                units_for(user, Action.REMINDER_ANSWER).values_list("pk", flat=True)
            ),
            "answer_form": AnswerForm(),
        },
    )


def _chosen_plan(request: HttpRequest, plans: list[Plan]) -> Plan | None:
    wanted = request.POST.get("plan") or request.GET.get("plan")
    if wanted:
        for plan in plans:
            if str(plan.pk) == wanted:
                return plan
        raise Http404
    # By default the body's own plan in force, not a unit's detailed plan of it.
    active = [plan for plan in plans if plan.status == PlanStatus.ACTIVE]
    candidates = [plan for plan in active if plan.parent_id is None] or active or plans
    return candidates[0] if candidates else None


@require_http_methods(["GET", "POST"])
def reminder_send(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can(user, Action.REMINDER_SEND):
        raise PermissionDenied
    plans = list(queries.reminder_plans(user))
    plan = _chosen_plan(request, plans)
    choices = queries.send_choices(user=user, plan=plan, today=timezone.localdate()) if plan else []
    scope = units_for(user, Action.REMINDER_SEND)
    form = ReminderSendForm(
        request.POST or None,
        units=scope.filter(pk__in=[choice.unit.pk for choice in choices]),
        assignments=Assignment.objects.filter(task__plan=plan, unit__in=scope).select_related(
            "unit"
        ),
    )
    if request.method == "POST" and plan is not None and form.is_valid():
        try:
            sent = services.reminder_send(
                by=user,
                plan=plan,
                units=form.cleaned_data["units"],
                assignments=form.cleaned_data["assignments"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The reminder was sent to %(count)d unit.",
                    "The reminder was sent to %(count)d units.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
            return redirect("followup:reminders")
    if request.method == "POST":
        picked_units = {str(v) for v in request.POST.getlist("units")}
        picked_tasks = {str(v) for v in request.POST.getlist("assignments")}
    else:
        picked_units = {str(c.unit.pk) for c in choices if c.preselected}
        picked_tasks = {str(t.assignment.pk) for c in choices for t in c.tasks if t.preselected}
    return render(
        request,
        "followup/reminder_send.html",
        {
            "plans": [(p, plan_name(p)) for p in plans],
            "plan": plan,
            "choices": choices,
            "form": form,
            "picked_units": picked_units,
            "picked_tasks": picked_tasks,
        },
    )


def _reminder_or_404(pk: int, user: User) -> Reminder:
    reminder = queries.reminder_get(pk)
    if reminder is None:
        raise Http404
    if not _may_open(user, reminder):
        raise PermissionDenied
    return reminder


def _reminder_page(
    request: HttpRequest, reminder: Reminder, form: AnswerForm, *, status: int = 200
) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "followup/reminder_detail.html",
        {
            "reminder": reminder,
            "plan_name": plan_name(reminder.plan),
            "may_answer": can(user, Action.REMINDER_ANSWER, reminder.unit),
            "may_follow": can(user, Action.REMINDER_SEND, reminder.unit),
            "form": form,
        },
        status=status,
    )


@require_GET
def reminder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    reminder = _reminder_or_404(pk, user)
    services.reminder_read(reminder=reminder, by=user)
    return _reminder_page(request, reminder, AnswerForm())


@require_POST
def reminder_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    reminder = _reminder_or_404(pk, user)
    if not can(user, Action.REMINDER_ANSWER, reminder.unit):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.reminder_answer(reminder=reminder, by=user, text=form.cleaned_data["text"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your answer was sent to the Office."))
            return redirect("followup:reminder-detail", pk=reminder.pk)
    return _reminder_page(request, reminder, form, status=400)


# --- Notifications --------------------------------------------------------------------------


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "followup/notification_list.html",
        {"page": _page(request, queries.notifications_for(user))},
    )


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notification = Notification.objects.filter(pk=pk, user=user).first()
    if notification is None:
        raise Http404
    services.notification_read(notification=notification, by=user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(link)
    return redirect("followup:notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_read_all(by=_user(request))
    return redirect("followup:notifications")


# --- Inspections ----------------------------------------------------------------------------


def _may_read_inspection(user: User, inspection: Inspection) -> bool:
    """As queries.inspections_visible: the Office, the unit's own people and leadership,
    and the members of the inspection team."""
    return (
        can(user, Action.INSPECTION_RECORD, inspection.unit)
        or can(user, Action.PROGRESS_VIEW, inspection.unit)
        or any(member.pk == user.pk for member in inspection.inspectors.all())
    )


@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (can(user, Action.INSPECTION_RECORD) or can(user, Action.PROGRESS_VIEW)):
        raise PermissionDenied
    return render(
        request,
        "followup/inspection_list.html",
        {
            "page": _page(request, queries.inspections_visible(user)),
            "may_record": can(user, Action.INSPECTION_RECORD),
        },
    )


@require_http_methods(["GET", "POST"])
def inspection_record(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can(user, Action.INSPECTION_RECORD):
        raise PermissionDenied
    form = InspectionForm(
        request.POST or None,
        plans=queries.inspection_plans(user),
        units=queries.inspection_units(user),
        people=queries.inspector_choices(user),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_record(
                by=user,
                plan=data["plan"],
                unit=data["unit"],
                date=data["date"],
                inspectors=data["inspectors"],
                inspector_names=data["inspector_names"],
                findings=form.finding_texts,
                conclusion=data["conclusion"],
                recommendations=data["recommendations"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The inspection was recorded."))
            return redirect("followup:inspection-detail", pk=inspection.pk)
    return render(request, "followup/inspection_record.html", {"form": form})


def _inspection_page(
    request: HttpRequest,
    inspection: Inspection,
    *,
    failed: tuple[int, FollowUpForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    may_record = can(user, Action.INSPECTION_RECORD, inspection.unit)
    rows = []
    for finding in inspection.findings.all():
        form = None
        if may_record and finding.follow_up_task_id is None:
            if failed is not None and failed[0] == finding.pk:
                form = failed[1]
            else:
                form = FollowUpForm(initial={"content": finding.text}, prefix=f"f{finding.pk}")
        rows.append((finding, form))
    return render(
        request,
        "followup/inspection_detail.html",
        {
            "inspection": inspection,
            "plan_name": plan_name(inspection.plan),
            "rows": rows,
            "may_record": may_record,
        },
        status=status,
    )


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = queries.inspection_get(pk)
    if inspection is None:
        raise Http404
    if not _may_read_inspection(user, inspection):
        raise PermissionDenied
    services.notifications_read_for_link(by=user, link=request.path)
    return _inspection_page(request, inspection)


@require_POST
def finding_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    finding: Finding | None = queries.finding_get(pk)
    if finding is None:
        raise Http404
    if not can(user, Action.INSPECTION_RECORD, finding.inspection.unit):
        raise PermissionDenied
    form = FollowUpForm(request.POST, prefix=f"f{finding.pk}")
    if form.is_valid():
        try:
            services.finding_follow_up(
                finding=finding,
                by=user,
                content=form.cleaned_data["content"],
                due=form.cleaned_data["due"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The follow-up task was added to the plan."))
            return redirect("followup:inspection-detail", pk=finding.inspection_id)
    inspection = queries.inspection_get(finding.inspection_id)
    assert inspection is not None
    return _inspection_page(request, inspection, failed=(finding.pk, form), status=400)
