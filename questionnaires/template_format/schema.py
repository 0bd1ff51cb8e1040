"""The JSON Schema of the exchange format, loaded once and used at runtime.

`template-format.schema.json` beside this module is the one description of
the format: the field names, types, lengths, key patterns, value lists and
the rule that only choice kinds have choices. The app validates every
document against it (`schema_errors`); docs/template-format.md explains it.
"""

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.validators import extend

SCHEMA_PATH = Path(__file__).with_name("template-format.schema.json")
SCHEMA: dict = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

FORMAT: str = SCHEMA["properties"]["format"]["const"]

# The object definitions, by the list that holds them ("" is the document).
OBJECTS: dict[str, dict] = {
    "": SCHEMA,
    "sections": SCHEMA["$defs"]["section"],
    "questions": SCHEMA["$defs"]["question"],
    "choices": SCHEMA["$defs"]["choice"],
}


def definition(name: str) -> dict:
    return SCHEMA["$defs"][name]


def fields(list_name: str) -> list[str]:
    """The fields of the objects in `list_name` ("" for the document), in
    the schema's order."""
    return list(OBJECTS[list_name]["properties"])


def values(list_name: str, field: str) -> list[str]:
    """The allowed values of a field with a fixed list (`kind`, `phases`…)."""
    spec = OBJECTS[list_name]["properties"][field]
    spec = spec.get("items", spec)
    if "$ref" in spec:
        spec = definition(spec["$ref"].removeprefix("#/$defs/"))
    return list(spec["enum"])


def choice_kinds() -> list[str]:
    """The answer kinds that carry their own choices (the question's `if`)."""
    return list(definition("question")["if"]["properties"]["kind"]["enum"])


@cache
def compile_pattern(pattern: str) -> re.Pattern:
    """A schema pattern (ECMA-262) as a Python regex. They differ in one place
    that matters here: ECMA's final `$` is the end of the text, Python's `$`
    also matches before a final line break, so "abc\\n" would pass as a key."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not compile_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _inlined(node):
    """`node` with every `$ref` replaced by the definition it names (merged
    with the keywords beside it). The schema refers only to its own `$defs`,
    never in a cycle; resolving the references once, here, instead of on
    every value halves the time a large upload takes to check."""
    if isinstance(node, list):
        return [_inlined(each) for each in node]
    if not isinstance(node, dict):
        return node
    node = {name: _inlined(value) for name, value in node.items() if name != "$defs"}
    if "$ref" in node:
        target = definition(node.pop("$ref").removeprefix("#/$defs/"))
        node = {**_inlined(target), **node}
    return node


_Validator = extend(Draft202012Validator, {"pattern": _pattern})
_Validator.check_schema(SCHEMA)
_VALIDATOR = _Validator(_inlined(SCHEMA))


def schema_errors(document) -> list[ValidationError]:
    """Every place where `document` breaks the schema. The messages are
    jsonschema's, in English: `messages.py` turns them into Danish."""
    return list(_VALIDATOR.iter_errors(document))
