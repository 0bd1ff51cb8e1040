"""Seats have dates (from, ending), so a committee's history is kept when
people change; every rule that reads seats counts the current ones only
(`Membership.objects.current()`): an ended or not yet begun seat reads no
named answers, sees no closed item, runs no meeting and signs nothing."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.access import ANSWER, READ_INDIVIDUAL, standing_of
from meetings.access import can_manage_meeting, signing_seat, visible_items
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Membership
from projects.models import Project
from tests.factories import make_user, seat

TODAY = timezone.localdate()


@pytest.fixture
def meeting(committee, lead, project):
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Rådhuset", created_by=lead
    )
    meeting.add_item(title="Lukket personalesag", kind="droeftelse", is_closed=True)
    return meeting


def seat_held(user, committee, role, *, start, end=None):
    held = seat(user, committee, Side.EMPLOYEES, role)
    held.valid_from, held.valid_to = start, end
    held.save()
    return held


PERIODS = {
    "ended": (TODAY - timedelta(days=30), TODAY),
    "not yet begun": (TODAY + timedelta(days=1), None),
}


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("role", [Membership.Role.SECRETARY, Membership.Role.CHAIR])
def test_a_seat_outside_its_dates_gives_nothing(
    municipality, committee, assessment, meeting, period, role
):
    start, end = PERIODS[period]
    former = make_user("tidligere", municipality)
    seat_held(former, committee, role, start=start, end=end)
    standing = standing_of(former, assessment)
    assert standing.seat is None
    assert not standing.may(ANSWER) and not standing.may(READ_INDIVIDUAL)
    assert not standing.secretary
    assert not visible_items(former).filter(is_closed=True).exists()
    assert not can_manage_meeting(former, meeting)
    assert signing_seat(former, meeting) is None
    assert former.username not in str(meeting.signature_sheet())
    mine = Project.objects.for_user(former).annotate_is_mine(former).get()
    assert not mine.is_mine


@pytest.mark.parametrize("role", [Membership.Role.SECRETARY, Membership.Role.CHAIR])
def test_a_current_seat_gives_what_the_role_gives(
    municipality, committee, assessment, meeting, role
):
    holder = make_user("ny", municipality)
    seat_held(holder, committee, role, start=TODAY, end=TODAY + timedelta(days=1))
    standing = standing_of(holder, assessment)
    assert standing.may(ANSWER) and standing.may(READ_INDIVIDUAL)
    assert visible_items(holder).filter(is_closed=True).exists()
    assert can_manage_meeting(holder, meeting)
    assert (signing_seat(holder, meeting) is not None) == (role == Membership.Role.CHAIR)


def test_a_new_chair_takes_over_and_the_history_stays(municipality, committee, chair, meeting):
    old_seat = chair.memberships.get()
    old_seat.valid_from, old_seat.valid_to = TODAY - timedelta(days=400), TODAY
    old_seat.save()
    successor = make_user("ny-formand", municipality)
    seat_held(successor, committee, Membership.Role.CHAIR, start=TODAY)
    assert signing_seat(chair, meeting) is None
    assert signing_seat(successor, meeting).user == successor
    chair_line = meeting.signature_sheet()[0]
    assert chair_line.holder.user == successor
    assert set(committee.memberships.filter(role="formand").values_list("user", flat=True)) == {
        chair.pk,
        successor.pk,
    }


def test_one_open_seat_per_person_and_committee(member, committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        seat(member, committee, Side.EMPLOYEES)
    ended = member.memberships.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ended.valid_to = ended.valid_from
        ended.save()
