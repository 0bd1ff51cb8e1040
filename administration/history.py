"""The record of every change an administrator makes: who, when, before,
after. A snapshot holds readable values (names, not ids), so the
administrator reads the log without looking anything up; anonymising a
person rewrites their name out of it (`organisations.personal_data`)."""

from datetime import date

from django.db import models

from .models import ChangeRecord

Kind = ChangeRecord.Kind
Action = ChangeRecord.Action


def snapshot(obj, fields: list[str]) -> dict:
    """The fields' values as the administrator reads them."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(field, models.ForeignKey):
            value = str(value) if value is not None else None
        elif isinstance(value, date):
            value = value.isoformat()
        values[str(field.verbose_name)] = value
    return values


def record(actor, municipality, kind: str, obj, action: str, *, before=None, after=None):
    return ChangeRecord.objects.create(
        municipality=municipality,
        actor=actor,
        kind=kind,
        object_id=obj.pk,
        action=action,
        summary=str(obj)[:300],
        before=before or {},
        after=after or {},
    )


class Recorded:
    """`with Recorded(actor, kind, obj, fields, action):` records the
    object's fields as stored before the block and as they are after it, if
    they differ; a new object (no pk yet) has an empty `before`. The stored
    row is read, since a bound form has already changed `obj`."""

    def __init__(self, actor, kind, obj, fields, action):
        self.actor, self.kind, self.obj, self.fields = actor, kind, obj, fields
        self.action = action

    def __enter__(self):
        self.before = {}
        if self.obj.pk is not None:
            stored = type(self.obj)._default_manager.get(pk=self.obj.pk)
            self.before = snapshot(stored, self.fields)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False
        after = snapshot(self.obj, self.fields)
        if after != self.before:
            record(
                self.actor,
                municipality_of(self.obj),
                self.kind,
                self.obj,
                self.action,
                before=self.before,
                after=after,
            )
        return False


def municipality_of(obj):
    if hasattr(obj, "committee"):
        return obj.committee.municipality
    return obj.municipality
