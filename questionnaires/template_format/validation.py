"""Is a parsed document a template the app can import? First the schema
(`schema.py`, worded in Danish by `messages.py`), then what a schema cannot
say: keys unique across the document, the total number of questions, and
texts PostgreSQL can store."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .messages import Path, Problem, location, order, schema_problems
from .schema import schema_errors
from .wording import number, quote

# The questions of all sections together, so an upload stays small enough
# to check and import in one request.
MAX_QUESTIONS = 2_000


@dataclass(frozen=True)
class TemplateFormatError:
    """One problem in a document: where (in words an HR admin can follow,
    e.g. `afsnit 3 (“kerneopgave-dataetik”), spørgsmål 2 (“…”), felt “kind”`)
    and what, in Danish."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InvalidTemplate(ValueError):
    """Raised by `import_document` for a document with errors; `errors` holds
    them all."""

    def __init__(self, errors: list[TemplateFormatError]):
        self.errors = list(errors)
        summary = "; ".join(str(error) for error in self.errors[:3])
        more = len(self.errors) - 3
        if more > 0:
            summary += f" (+{more})"
        super().__init__(summary)


def validate_document(data) -> list[TemplateFormatError]:
    """Every problem in a parsed document, in document order; empty when it
    can be imported."""
    try:
        problems = schema_problems(schema_errors(data), data)
    except RecursionError:
        return [TemplateFormatError(_("dokumentet"), _("Dokumentet er for dybt indlejret."))]
    problems += _rule_problems(data, reported={path for path, _message in problems})
    problems.sort(key=lambda problem: order(problem[0]))
    return [TemplateFormatError(location(data, path), message) for path, message in problems]


def _rule_problems(document, reported: set[Path]) -> list[Problem]:
    """The rules beyond the schema. A key the schema already refused is not
    compared with the others."""
    if not isinstance(document, dict):
        return []
    problems = _unstorable(document, (), reported)
    section_keys: dict[str, Path] = {}
    question_keys: dict[str, Path] = {}
    question_count = 0

    def first_use(key_path: Path, seen: dict[str, Path], item) -> Path | None:
        """Where the item's key was used before; None the first time."""
        key = item.get("key")
        if not isinstance(key, str) or key_path in reported:
            return None
        if key in seen:
            return seen[key]
        seen[key] = key_path[:-1]
        return None

    for section_path, section in _items(document, "sections", ()):
        problems += _unstorable(section, section_path, reported)
        key_path = section_path + ("key",)
        if (other := first_use(key_path, section_keys, section)) is not None:
            message = _(
                "Afsnitsnøglen %(value)s er allerede brugt i %(other)s. Nøgler skal være unikke."
            )
            problems.append((key_path, _used(message, section, document, other)))
        for question_path, question in _items(section, "questions", section_path):
            question_count += 1
            problems += _unstorable(question, question_path, reported)
            key_path = question_path + ("key",)
            if (other := first_use(key_path, question_keys, question)) is not None:
                message = _(
                    "Spørgsmålsnøglen %(value)s er allerede brugt i %(other)s. Nøgler skal "
                    "være unikke i hele skabelonen, fordi svar følger spørgsmålet via nøglen."
                )
                problems.append((key_path, _used(message, question, document, other)))
            choice_keys: dict[str, Path] = {}
            for choice_path, choice in _items(question, "choices", question_path):
                problems += _unstorable(choice, choice_path, reported)
                key_path = choice_path + ("key",)
                if first_use(key_path, choice_keys, choice) is not None:
                    message = _("Valgmuligheden %(value)s står flere gange i samme spørgsmål.")
                    problems.append((key_path, message % {"value": quote(choice["key"])}))
    if question_count > MAX_QUESTIONS:
        message = _("For mange spørgsmål: %(count)s i alt (højst %(max)s).")
        problems.append(
            ((), message % {"count": number(question_count), "max": number(MAX_QUESTIONS)})
        )
    return problems


def _items(parent: dict, name: str, path: Path):
    """The objects in the list `parent[name]`, with their paths; anything
    else the schema has reported."""
    items = parent.get(name)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield path + (name, index), item


def _used(message: str, item: dict, document, other: Path) -> str:
    return message % {"value": quote(item["key"]), "other": location(document, other)}


def _unstorable(obj: dict, path: Path, reported: set[Path]) -> list[Problem]:
    """PostgreSQL stores neither NUL characters nor lone surrogates."""
    return [
        (path + (name,), str(_UNSTORABLE))
        for name, value in obj.items()
        if isinstance(value, str) and path + (name,) not in reported and not _storable(value)
    ]


_UNSTORABLE = gettext_lazy(
    "Teksten indeholder et tegn, der ikke kan gemmes (et NUL-tegn eller et halvt tegnpar)."
)


def _storable(value: str) -> bool:
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
