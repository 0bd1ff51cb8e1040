"""Schema errors in Danish, with where in the document they are.

jsonschema says what is wrong in English and where as a path, e.g.
["sections", 2, "questions", 1, "kind"]. An HR admin reads instead
`afsnit 3 (“kerneopgave-dataetik”), spørgsmål 2 (“…”), felt “kind”` and a
Danish sentence. No jsonschema text ever reaches a user: every keyword the
schema uses has a message here (a test checks that).

A problem is a pair (path, message); `location(document, path)` words the
path and `order(path)` sorts problems into document order.
"""

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import keys
from .schema import OBJECTS, choice_kinds, fields, values
from .wording import number, quote, type_name

Path = tuple[str | int, ...]
Problem = tuple[Path, str]


# Where --------------------------------------------------------------------


_ITEM_NOUNS = {
    "sections": gettext_lazy("afsnit"),
    "questions": gettext_lazy("spørgsmål"),
    "choices": gettext_lazy("valgmulighed"),
}


def field(name: str) -> str:
    return _("felt %(name)s") % {"name": quote(name)}


def location(document, path: Path) -> str:
    """`afsnit 3 (“kerneopgave-dataetik”), spørgsmål 2 (“…”), felt “kind”`.
    Items are numbered from 1 and named by their key when it is usable. A
    section or a question stands for itself; a choice also names its field,
    which sits beside the question's other fields. A value in a list of
    values (a phase) is located at its field."""
    if not path:
        return _("dokumentet")
    parts: list[str] = []
    node, holder = document, None
    for step in path:
        if isinstance(step, int):
            if holder not in _ITEM_NOUNS:
                break
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
            if holder != "choices":
                parts.pop()
            parts.append(_item(str(_ITEM_NOUNS[holder]), step + 1, node))
            continue
        parts.append(field(step))
        node = node.get(step) if isinstance(node, dict) else None
        holder = step
    return ", ".join(parts)


def _item(noun: str, index: int, node) -> str:
    key = node.get("key") if isinstance(node, dict) else None
    if isinstance(key, str) and key.strip():
        return f"{noun} {index} ({quote(key)})"
    return f"{noun} {index}"


def order(path: Path) -> list[int]:
    """A sort key: items by number, fields in the schema's order (a field
    the format does not know first)."""
    result, holder = [], ""
    for step in path:
        if isinstance(step, int):
            result.append(step)
            continue
        known = fields(holder)
        result.append(known.index(step) if step in known else -1)
        if step in OBJECTS:
            holder = step
    return result


# What ---------------------------------------------------------------------


def schema_problems(errors, document) -> list[Problem]:
    """The schema's errors as Danish problems. Where a value has the wrong
    type, that is all that is said about it."""
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    problems, seen = [], set()
    for error in errors:
        path = tuple(error.absolute_path)
        once = (path, tuple(error.absolute_schema_path))
        if (error.validator != "type" and path in wrong_type) or once in seen:
            continue
        seen.add(once)
        problems.extend(_KEYWORDS.get(error.validator, _other)(error, path, document))
    return problems


def _field_of(path: Path) -> str | None:
    """The field a value belongs to: "kind", or "phases" for one phase."""
    for step in reversed(path):
        if isinstance(step, str):
            return step
    return None


def _at(document, path: Path):
    node = document
    for step in path:
        node = node[step]
    return node


def _kind_branch(error) -> str | None:
    """Which branch, "then" or "else", of the schema's rule that only choice
    kinds have choices the error comes from; None for any other error."""
    for branch in ("then", "else"):
        if branch in error.absolute_schema_path:
            return branch
    return None


def _choices_problem(error, path: Path, question) -> list[Problem]:
    kind = question.get("kind") if isinstance(question, dict) else None
    if kind not in values("questions", "kind"):
        return []  # the kind itself is reported
    if _kind_branch(error) == "then":
        message = _("Svartypen %(kind)s kræver mindst én valgmulighed i “choices”.")
    else:
        message = _(
            "Kun svartyperne %(kinds)s har egne valgmuligheder. For svartypen %(kind)s skal "
            "“choices” være tom ([]) eller udeladt."
        )
    kinds = get_text_list([quote(k) for k in choice_kinds()], _("og"))
    return [(path, message % {"kind": quote(kind), "kinds": kinds})]


def _type(error, path: Path, document) -> list[Problem]:
    found = {"type": type_name(error.instance)}
    if not path:
        message = _("Dokumentet skal være et JSON-objekt ({ … }), ikke %(type)s.")
        return [(path, message % found)]
    if isinstance(path[-1], int) and _field_of(path) == "phases":
        message = _("Fase nr. %(index)s skal være tekst, ikke %(type)s.")
        return [(path, message % {"index": path[-1] + 1, **found})]
    if error.validator_value == "integer":
        return _minimum(error, path, document)
    message = _TYPE_MESSAGES.get(error.validator_value, gettext_lazy("Har forkert type: %(type)s."))
    return [(path, str(message) % found)]


_TYPE_MESSAGES = {
    "object": gettext_lazy("Skal være et objekt ({ … }), ikke %(type)s."),
    "array": gettext_lazy("Skal være en liste ([ … ]), ikke %(type)s."),
    "string": gettext_lazy("Skal være tekst (i anførselstegn), ikke %(type)s."),
    "boolean": gettext_lazy("Skal være true eller false, ikke %(type)s."),
}


def _minimum(error, path: Path, document) -> list[Problem]:
    minimum = error.schema.get("minimum", 1)
    message = _("Skal være et helt tal på %(minimum)s eller derover (eller udeladt).")
    return [(path, message % {"minimum": minimum})]


def _required(error, path: Path, document) -> list[Problem]:
    if _kind_branch(error):
        return _choices_problem(error, path + ("choices",), error.instance)
    # jsonschema reports each missing field alike; this speaks for all of them.
    properties = error.schema.get("properties", {})
    problems = []
    for name in error.validator_value:
        if name in error.instance:
            continue
        expected = properties.get(name, {}).get("const")
        if expected is not None:
            message = _("Feltet mangler. Forventet %(value)s.") % {"value": quote(expected)}
        else:
            message = _("Feltet mangler.")
        problems.append((path + (name,), message))
    return problems


def _additional_properties(error, path: Path, document) -> list[Problem]:
    allowed = list(error.schema.get("properties", {}))
    message = _("Ukendt felt. Tilladte felter: %(valid)s.") % {"valid": ", ".join(allowed)}
    return [(path + (name,), message) for name in error.instance if name not in allowed]


def _unknown_value(error, path: Path, document) -> list[Problem]:
    """A value outside a fixed list (`enum`) or not the one value (`const`)."""
    message = _UNKNOWN_VALUE.get(
        _field_of(path), gettext_lazy("Ukendt værdi %(value)s. Gyldige: %(valid)s.")
    )
    shown = error.instance if isinstance(error.instance, str) else type_name(error.instance)
    if error.validator == "enum":
        valid = ", ".join(map(str, error.validator_value))
    else:
        valid = quote(str(error.validator_value))
    return [(path, str(message) % {"value": quote(str(shown)), "valid": valid})]


_UNKNOWN_VALUE = {
    "format": gettext_lazy("Ukendt format %(value)s. Forventet %(valid)s."),
    "core_question": gettext_lazy("Ukendt grundspørgsmål %(value)s. Gyldige: %(valid)s."),
    "kind": gettext_lazy("Ukendt svartype %(value)s. Gyldige: %(valid)s."),
    "phases": gettext_lazy("Ukendt fase %(value)s. Gyldige: %(valid)s."),
}


def _pattern(error, path: Path, document) -> list[Problem]:
    if not error.instance.strip():
        return [(path, _("Feltet må ikke være tomt."))]
    validate_key = keys.VALIDATORS.get(error.validator_value)
    if validate_key is not None:
        try:
            validate_key(error.instance)
        except ValidationError as invalid:
            return [(path, invalid.messages[0])]
    return [(path, _("Teksten har ikke den form, formatet kræver."))]


def _max_length(error, path: Path, document) -> list[Problem]:
    message = _("Teksten er for lang: %(length)s tegn (højst %(max)s).")
    return [
        (
            path,
            message % {"length": number(len(error.instance)), "max": number(error.validator_value)},
        )
    ]


def _list_size(error, path: Path, document) -> list[Problem]:
    if _kind_branch(error):
        return _choices_problem(error, path, _at(document, path[:-1]))
    name = _field_of(path)
    if error.validator == "minItems":
        if name == "phases":
            message = _("Angiv mindst én fase, spørgsmålet hører til. Gyldige: %(valid)s.")
            return [(path, message % {"valid": ", ".join(values("questions", "phases"))})]
        message = _("Listen skal have mindst %(min)s element(er).")
        return [(path, message % {"min": number(error.validator_value)})]
    message = _TOO_MANY.get(name, gettext_lazy("For mange elementer: %(count)s (højst %(max)s)."))
    counts = {"count": number(len(error.instance)), "max": number(error.validator_value)}
    return [(path, str(message) % counts)]


_TOO_MANY = {
    "sections": gettext_lazy("For mange afsnit: %(count)s (højst %(max)s)."),
    "choices": gettext_lazy("For mange valgmuligheder: %(count)s (højst %(max)s)."),
}


def _unique_items(error, path: Path, document) -> list[Problem]:
    seen, twice = [], None
    for value in error.instance:
        if value in seen:
            twice = value
            break
        seen.append(value)
    shown = quote(twice) if isinstance(twice, str) else type_name(twice)
    if _field_of(path) == "phases":
        return [(path, _("Fasen %(value)s står flere gange.") % {"value": shown})]
    return [(path, _("Værdien %(value)s står flere gange.") % {"value": shown})]


def _other(error, path: Path, document) -> list[Problem]:
    return [(path, _("Værdien passer ikke til formatet."))]


_KEYWORDS = {
    "type": _type,
    "required": _required,
    "additionalProperties": _additional_properties,
    "const": _unknown_value,
    "enum": _unknown_value,
    "pattern": _pattern,
    "maxLength": _max_length,
    "minItems": _list_size,
    "maxItems": _list_size,
    "uniqueItems": _unique_items,
    "minimum": _minimum,
}
# The keywords that describe or hold other schemas and report nothing themselves.
STRUCTURAL_KEYWORDS = {
    "$schema", "$id", "$defs", "$ref", "title", "description",
    "properties", "items", "if", "then", "else",
}  # fmt: skip
HANDLED_KEYWORDS = set(_KEYWORDS)
