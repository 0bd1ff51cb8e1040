"""Reading the demo's fixture files (TOML): each table becomes an `Entry`
that knows its file and line, checks its own keys and value types, and
turns every problem into a `FixtureError` that says where it is.

Texts are written as the editor likes to read them: line breaks inside a
paragraph are joined with a space; a blank line starts a new paragraph."""

import re
import tomllib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class FixtureError(Exception):
    """A fixture file says something the demo cannot play; the message
    names the file and the entry."""


def _by_field(errors: dict) -> str:
    return " ".join(
        " ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(messages)}"
        for field, messages in errors.items()
    )


def fold(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


class FixtureFile:
    def __init__(self, path: Path):
        try:
            self.name = str(path.resolve().relative_to(settings.BASE_DIR))
        except ValueError:
            self.name = str(path)
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as error:
            raise FixtureError(f"{self.name}: kan ikke læses ({error.strerror}).") from error
        try:
            self.data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as error:
            raise FixtureError(f"{self.name}: er ikke gyldig TOML: {error}.") from error
        # Where each `[[header]]` starts, to point at the right line.
        self._lines = {}
        for number, line in enumerate(source.splitlines(), start=1):
            header = re.match(r"\s*\[\[\s*([\w.]+)\s*\]\]", line)
            if header:
                self._lines.setdefault(header.group(1), []).append(number)
        self._handed_out = {}

    def root(self, *, required=(), optional=()) -> "Entry":
        entry = Entry(self, "", "", self.data)
        entry.expect(required=required, optional=optional)
        return entry

    def _line_of_next(self, header: str) -> int | None:
        """Entries are handed out in file order, so the n-th `[[header]]`
        table read is the n-th header line."""
        index = self._handed_out.get(header, 0)
        self._handed_out[header] = index + 1
        lines = self._lines.get(header, [])
        return lines[index] if index < len(lines) else None


class Entry:
    """One table of a fixture file."""

    def __init__(self, file: FixtureFile, header: str, where: str, data: dict):
        self.file, self.header, self.where, self.data = file, header, where, data

    def error(self, message: str) -> FixtureError:
        where = f", {self.where}" if self.where else ""
        return FixtureError(f"{self.file.name}{where}: {message}")

    @contextmanager
    def reporting(self):
        """Report what a service or a model refuses as this entry's problem."""
        try:
            yield
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise self.error(_by_field(error.message_dict)) from error
            raise self.error(" ".join(error.messages)) from error

    def valid(self, form) -> dict:
        """The form's cleaned data, or the form's own complaints about this entry."""
        if not form.is_valid():
            raise self.error(_by_field(form.errors))
        return form.cleaned_data

    def expect(self, *, required=(), optional=()) -> None:
        allowed = list(dict.fromkeys([*required, *optional]))
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.error(f"ukendt nøgle {', '.join(unknown)} (tilladt: {', '.join(allowed)}).")
        missing = [key for key in required if key not in self.data]
        if missing:
            raise self.error(f"mangler {', '.join(missing)}.")

    def has(self, key: str) -> bool:
        return key in self.data

    def _typed(self, key, kind, what, default):
        value = self.data.get(key, default)
        if key in self.data and (not isinstance(value, kind) or isinstance(value, bool)):
            raise self.error(f"{key} skal være {what}, ikke {value!r}.")
        return value

    def text(self, key: str, default: str = "") -> str:
        value = self._typed(key, str, "en tekst i anførselstegn", default)
        return fold(value)

    def number(self, key: str, default: int = 0) -> int:
        return self._typed(key, int, "et helt tal", default)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.error(f"{key} skal være true eller false, ikke {value!r}.")
        return value

    def value(self, key: str):
        """An answer's value: a number on the scale, a choice's key, or for an
        effect asked for whom a table of groups and steps
        (`{ borgere = 1, medarbejdere = -1 }`)."""
        return self._typed(
            key, (int, str, dict), "et tal, en tekst eller en tabel { borgere = 1 }", None
        )

    def names(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
            raise self.error(f'{key} skal være en liste af navne, fx ["A", "B"].')
        return value

    def choice(self, key: str, choices, default: str = "") -> str:
        """A value from a model's TextChoices, by its stored key."""
        value = self.text(key, default)
        if value != default and value not in choices.values:
            raise self.error(
                f"{key} = {value!r} findes ikke (mulige: {', '.join(choices.values)})."
            )
        return value

    def table(self, key: str) -> "Entry":
        """The `[key]` table under this entry."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise self.error(f"mangler tabellen [{key}].")
        return Entry(self.file, key, f"[{key}]", value)

    def tables(self, key: str) -> list["Entry"]:
        """The `[[key]]` tables under this entry, in file order."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(table, dict) for table in value):
            raise self.error(f"{key} skal være en række [[{key}]]-tabeller.")
        header = f"{self.header}.{key}" if self.header else key
        entries = []
        for number, table in enumerate(value, start=1):
            line = self.file._line_of_next(header)
            at = f"linje {line}, " if line else ""
            where = f"{at}[[{header}]] nr. {number}"
            entries.append(Entry(self.file, header, where, table))
        return entries

    def inline_tables(self, key: str) -> list["Entry"]:
        """A list of `{ ... }` tables inside this entry."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(table, dict) for table in value):
            raise self.error(f"{key} skal være en liste af {{ ... }}-tabeller.")
        return [
            Entry(self.file, self.header, f"{self.where}, {key} nr. {number}", table)
            for number, table in enumerate(value, start=1)
        ]
