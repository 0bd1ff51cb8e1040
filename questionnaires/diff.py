"""What changed between two template versions.

`compare_versions(old, new)` matches sections and questions by their stable
`key` (never by id or position) and sorts every difference into a category
the template layer can render directly:

- questions added, removed, reworded (text, guidance and/or the follow-up
  text asked in drift), moved (to
  another section, or to another place within its section), kind changed,
  and other changes (required, phases, choices);
- sections added, removed, renamed (title), moved (order) and otherwise
  changed (core question, intro).

A question can appear in several categories (reworded *and* moved). Moving
within a section is measured against the questions both versions have in
that section: removing or adding a question does not make its neighbours
count as moved; only questions outside the longest common order do.

Two queries in all, however many questions the versions hold. The two
versions may belong to different templates (a municipality's own template
derived from the standard keeps the standard's keys).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method.vocabulary import CoreQuestion, Phase

from .models import AnswerKind, Question, Section, TemplateVersion


class ChangeKind(models.TextChoices):
    """What happened to a question."""

    ADDED = "added", gettext_lazy("Nyt spørgsmål")
    REMOVED = "removed", gettext_lazy("Fjernet spørgsmål")
    REWORDED = "reworded", gettext_lazy("Omformuleret")
    MOVED = "moved", gettext_lazy("Flyttet")
    KIND_CHANGED = "kind_changed", gettext_lazy("Ny svartype")
    OTHER = "other", gettext_lazy("Andre ændringer")


class SectionChangeKind(models.TextChoices):
    """What happened to a section."""

    ADDED = "added", gettext_lazy("Nyt afsnit")
    REMOVED = "removed", gettext_lazy("Fjernet afsnit")
    RENAMED = "renamed", gettext_lazy("Omdøbt afsnit")
    MOVED = "moved", gettext_lazy("Flyttet afsnit")
    CHANGED = "changed", gettext_lazy("Ændret afsnit")


FIELD_LABELS = {
    "text": gettext_lazy("Spørgsmålstekst"),
    "guidance": gettext_lazy("Vejledning"),
    "followup_text": gettext_lazy("Opfølgning i drift"),
    "section": gettext_lazy("Afsnit"),
    "order": gettext_lazy("Placering i afsnittet"),
    "kind": gettext_lazy("Svartype"),
    "required": gettext_lazy("Skal besvares"),
    "phases": gettext_lazy("Faser"),
    "choices": gettext_lazy("Valgmuligheder"),
    "title": gettext_lazy("Titel"),
    "intro": gettext_lazy("Vejledning til afsnittet"),
    "core_question": gettext_lazy("Grundspørgsmål"),
    "section_order": gettext_lazy("Placering"),
}


@dataclass(frozen=True)
class FieldChange:
    """One changed field: its name, a Danish label, and the old and new
    value as display text."""

    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


@dataclass(frozen=True)
class QuestionChange:
    """One change to the question with `key`. `old` is the question in the
    old version (None when added), `new` in the new version (None when
    removed). `fields` lists what changed (empty for added/removed)."""

    change: str  # a ChangeKind value
    key: str
    old: Question | None
    new: Question | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def label(self) -> str:
        return str(ChangeKind(self.change).label)

    @property
    def question(self) -> Question:
        """The question as it is now (as it was, when removed)."""
        return self.new or self.old

    @property
    def text(self) -> str:
        return self.question.text

    @property
    def section(self) -> Section:
        return self.question.section

    @property
    def changed_fields(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields)

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)

    @property
    def text_changed(self) -> bool:
        return "text" in self.changed_fields

    @property
    def guidance_changed(self) -> bool:
        return "guidance" in self.changed_fields

    @property
    def section_changed(self) -> bool:
        return "section" in self.changed_fields

    @property
    def position_changed(self) -> bool:
        return "order" in self.changed_fields


@dataclass(frozen=True)
class SectionChange:
    change: str  # a SectionChangeKind value
    key: str
    old: Section | None
    new: Section | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def label(self) -> str:
        return str(SectionChangeKind(self.change).label)

    @property
    def section(self) -> Section:
        return self.new or self.old

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def changed_fields(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields)

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)


@dataclass(frozen=True)
class VersionDiff:
    """Everything that differs between `old_version` and `new_version`.
    Question changes are in the new version's order (removed ones in the
    old version's order)."""

    old_version: TemplateVersion
    new_version: TemplateVersion
    added: tuple[QuestionChange, ...] = ()
    removed: tuple[QuestionChange, ...] = ()
    reworded: tuple[QuestionChange, ...] = ()
    moved: tuple[QuestionChange, ...] = ()
    kind_changed: tuple[QuestionChange, ...] = ()
    other: tuple[QuestionChange, ...] = ()
    sections_added: tuple[SectionChange, ...] = ()
    sections_removed: tuple[SectionChange, ...] = ()
    sections_renamed: tuple[SectionChange, ...] = ()
    sections_moved: tuple[SectionChange, ...] = ()
    sections_changed: tuple[SectionChange, ...] = ()
    # Keys of the questions in both versions without any change, new order.
    unchanged_keys: tuple[str, ...] = ()
    # Every question of each version by key, in template order (so callers
    # such as assessments.versioning need no further queries).
    old_questions: dict[str, Question] = field(default_factory=dict)
    new_questions: dict[str, Question] = field(default_factory=dict)

    @property
    def question_changes(self) -> tuple[QuestionChange, ...]:
        return (
            self.added + self.removed + self.reworded + self.moved + self.kind_changed + self.other
        )

    @property
    def section_changes(self) -> tuple[SectionChange, ...]:
        return (
            self.sections_added
            + self.sections_removed
            + self.sections_renamed
            + self.sections_moved
            + self.sections_changed
        )

    @property
    def has_changes(self) -> bool:
        return bool(self.question_changes or self.section_changes)

    def by_key(self) -> dict[str, list[QuestionChange]]:
        """Every change per question key (a question may have several)."""
        result: dict[str, list[QuestionChange]] = {}
        for change in self.question_changes:
            result.setdefault(change.key, []).append(change)
        return result

    def groups(self) -> list[dict]:
        """The non-empty question categories, in display order:
        [{"change": "added", "label": "Nyt spørgsmål", "changes": (…)}, …]."""
        categories = (
            (ChangeKind.ADDED, self.added),
            (ChangeKind.REMOVED, self.removed),
            (ChangeKind.REWORDED, self.reworded),
            (ChangeKind.MOVED, self.moved),
            (ChangeKind.KIND_CHANGED, self.kind_changed),
            (ChangeKind.OTHER, self.other),
        )
        return [
            {"change": kind.value, "label": str(kind.label), "changes": changes}
            for kind, changes in categories
            if changes
        ]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "reworded": len(self.reworded),
            "moved": len(self.moved),
            "kind_changed": len(self.kind_changed),
            "other": len(self.other),
            "sections_added": len(self.sections_added),
            "sections_removed": len(self.sections_removed),
            "sections_renamed": len(self.sections_renamed),
            "sections_moved": len(self.sections_moved),
            "sections_changed": len(self.sections_changed),
        }


def compare_versions(old: TemplateVersion, new: TemplateVersion) -> VersionDiff:
    """The differences from `old` to `new`, matched by key. Two queries."""
    version_ids = {old.pk, new.pk}
    sections = list(Section.objects.filter(version_id__in=version_ids).order_by("order", "id"))
    sections_by_id = {s.id: s for s in sections}
    questions = list(
        Question.objects.filter(section__version_id__in=version_ids).order_by(
            "section__order", "section_id", "order", "id"
        )
    )
    for question in questions:
        # The section is already loaded: no select_related, no second copy.
        question.section = sections_by_id[question.section_id]

    old_sections = _by_key(s for s in sections if s.version_id == old.pk)
    new_sections = _by_key(s for s in sections if s.version_id == new.pk)
    old_questions = _by_key(q for q in questions if q.section.version_id == old.pk)
    new_questions = _by_key(q for q in questions if q.section.version_id == new.pk)

    section_changes = _compare_sections(old_sections, new_sections)
    moved_within = _moved_within_sections(old_questions, new_questions)

    added, removed, reworded, moved, kind_changed, other, unchanged = [], [], [], [], [], [], []
    for key, new_q in new_questions.items():
        old_q = old_questions.get(key)
        if old_q is None:
            added.append(QuestionChange(ChangeKind.ADDED, key, None, new_q))
            continue
        found = False
        wording = _field_changes(old_q, new_q, ("text", "guidance", "followup_text"))
        if wording:
            reworded.append(QuestionChange(ChangeKind.REWORDED, key, old_q, new_q, wording))
            found = True
        if old_q.section.key != new_q.section.key:
            placement = (FieldChange("section", old_q.section.title, new_q.section.title),)
            moved.append(QuestionChange(ChangeKind.MOVED, key, old_q, new_q, placement))
            found = True
        elif key in moved_within:
            placement = (
                FieldChange(
                    "order",
                    _position(old_q, old_questions.values()),
                    _position(new_q, new_questions.values()),
                ),
            )
            moved.append(QuestionChange(ChangeKind.MOVED, key, old_q, new_q, placement))
            found = True
        kind = _field_changes(old_q, new_q, ("kind",))
        if kind:
            kind_changed.append(QuestionChange(ChangeKind.KIND_CHANGED, key, old_q, new_q, kind))
            found = True
        rest = _field_changes(old_q, new_q, ("required", "phases", "choices"))
        if rest:
            other.append(QuestionChange(ChangeKind.OTHER, key, old_q, new_q, rest))
            found = True
        if not found:
            unchanged.append(key)
    for key, old_q in old_questions.items():
        if key not in new_questions:
            removed.append(QuestionChange(ChangeKind.REMOVED, key, old_q, None))

    return VersionDiff(
        old_version=old,
        new_version=new,
        added=tuple(added),
        removed=tuple(removed),
        reworded=tuple(reworded),
        moved=tuple(moved),
        kind_changed=tuple(kind_changed),
        other=tuple(other),
        unchanged_keys=tuple(unchanged),
        old_questions=old_questions,
        new_questions=new_questions,
        **section_changes,
    )


# -- helpers -------------------------------------------------------------------


def _by_key(items: Iterable) -> dict:
    """Key → item, in the given order. Keys are unique within a version;
    should one repeat, the first wins."""
    result: dict = {}
    for item in items:
        result.setdefault(item.key, item)
    return result


def _longest_common_order(a: Sequence[str], b: Sequence[str]) -> set[str]:
    """The keys of a longest common subsequence of a and b (a few dozen
    keys at most, so plain dynamic programming)."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    keep, i, j = set(), 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            keep.add(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


def _out_of_order(old_keys: Sequence[str], new_keys: Sequence[str]) -> set[str]:
    """Keys present in both sequences whose relative order changed."""
    common = set(old_keys) & set(new_keys)
    old_seq = [k for k in old_keys if k in common]
    new_seq = [k for k in new_keys if k in common]
    if old_seq == new_seq:
        return set()
    return common - _longest_common_order(old_seq, new_seq)


def _moved_within_sections(old_questions: dict, new_questions: dict) -> set[str]:
    """Questions that stayed in their section but changed place among the
    questions that section has in both versions."""
    old_by_section: dict[str, list[str]] = {}
    new_by_section: dict[str, list[str]] = {}
    for key, old_q in old_questions.items():
        new_q = new_questions.get(key)
        if new_q is not None and new_q.section.key == old_q.section.key:
            old_by_section.setdefault(old_q.section.key, []).append(key)
    for key, new_q in new_questions.items():
        old_q = old_questions.get(key)
        if old_q is not None and new_q.section.key == old_q.section.key:
            new_by_section.setdefault(new_q.section.key, []).append(key)
    moved: set[str] = set()
    for section_key, old_keys in old_by_section.items():
        moved |= _out_of_order(old_keys, new_by_section.get(section_key, []))
    return moved


def _position(question: Question, all_questions: Iterable[Question]) -> str:
    siblings = [q for q in all_questions if q.section_id == question.section_id]
    number = next(i for i, q in enumerate(siblings, start=1) if q is question)
    return _("nr. %(number)s af %(total)s") % {"number": number, "total": len(siblings)}


def _compare_sections(old_sections: dict, new_sections: dict) -> dict:
    added = [
        SectionChange(SectionChangeKind.ADDED, key, None, s)
        for key, s in new_sections.items()
        if key not in old_sections
    ]
    removed = [
        SectionChange(SectionChangeKind.REMOVED, key, s, None)
        for key, s in old_sections.items()
        if key not in new_sections
    ]
    out_of_order = _out_of_order(list(old_sections), list(new_sections))
    renamed, moved, changed = [], [], []
    for key, new_s in new_sections.items():
        old_s = old_sections.get(key)
        if old_s is None:
            continue
        title = _field_changes(old_s, new_s, ("title",))
        if title:
            renamed.append(SectionChange(SectionChangeKind.RENAMED, key, old_s, new_s, title))
        if key in out_of_order:
            place = (
                FieldChange(
                    "section_order",
                    _section_position(old_s, old_sections),
                    _section_position(new_s, new_sections),
                ),
            )
            moved.append(SectionChange(SectionChangeKind.MOVED, key, old_s, new_s, place))
        rest = _field_changes(old_s, new_s, ("core_question", "intro"))
        if rest:
            changed.append(SectionChange(SectionChangeKind.CHANGED, key, old_s, new_s, rest))
    return {
        "sections_added": tuple(added),
        "sections_removed": tuple(removed),
        "sections_renamed": tuple(renamed),
        "sections_moved": tuple(moved),
        "sections_changed": tuple(changed),
    }


def _section_position(section: Section, sections: dict) -> str:
    number = list(sections).index(section.key) + 1
    return _("nr. %(number)s af %(total)s") % {"number": number, "total": len(sections)}


def _field_changes(old, new, names: Iterable[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        old_value, new_value = getattr(old, name), getattr(new, name)
        if _normalised(name, old_value) != _normalised(name, new_value):
            changes.append(FieldChange(name, _display(name, old_value), _display(name, new_value)))
    return tuple(changes)


def _normalised(name: str, value):
    if name == "phases":
        return sorted(value or [])
    if name == "choices":
        return [(str(c.get("key")), str(c.get("label"))) for c in value or []]
    if isinstance(value, str):
        return value.strip()
    return value


def _display(name: str, value) -> str:
    if name == "kind":
        return _choice_label(AnswerKind, value)
    if name == "core_question":
        return _choice_label(CoreQuestion, value)
    if name == "required":
        return _("Ja") if value else _("Nej")
    if name == "phases":
        chosen = set(value or [])
        known = [str(p.label) for p in Phase if p.value in chosen]
        unknown = sorted(chosen - set(Phase.values))
        return ", ".join(known + unknown) or "–"
    if name == "choices":
        return ", ".join(str(c.get("label", c.get("key"))) for c in value or []) or "–"
    return str(value)


def _choice_label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)
