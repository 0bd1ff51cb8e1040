"""The meeting calendar's one rule: counting working days (Monday to
Friday). Public holidays are not known here; a committee that meets just
after a holiday can ask for more days (`Committee.material_days`)."""

from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days before `day`: five working days before
    a Monday is the Monday before; before a Saturday, the Monday of that week."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
