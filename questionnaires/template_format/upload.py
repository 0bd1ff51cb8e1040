"""An uploaded template file: its size, its bytes as UTF-8 JSON, then the
document's validation. Every problem is a Danish `TemplateFormatError`
located at "filen"; nothing here raises on bad input."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validation import TemplateFormatError, validate_document
from .wording import number, quote, size

# The largest file accepted: the one limit the upload form, the import page's
# message and docs/template-format.md speak of.
MAX_UPLOAD_BYTES = 1_000_000
# Python converts at most 4,300 digits to an int and raises beyond; the format
# needs no number of more than a few digits (a version number).
MAX_INTEGER_DIGITS = 100

# The json module's messages (their beginnings), in Danish.
_JSON_MESSAGES = {
    "Expecting value": gettext_lazy("forventede en værdi"),
    "Expecting ',' delimiter": gettext_lazy("forventede et komma"),
    "Expecting ':' delimiter": gettext_lazy("forventede et kolon"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "forventede et feltnavn i dobbelte anførselstegn (eller et overflødigt komma)"
    ),
    "Unterminated string starting at": gettext_lazy("teksten, der begynder her, slutter aldrig"),
    "Invalid control character": gettext_lazy(
        "tekster må ikke indeholde linjeskift eller tabulatorer"
    ),
    "Invalid \\uXXXX escape": gettext_lazy("ugyldig \\u-sekvens i en tekst"),
    "Invalid \\escape": gettext_lazy("ugyldig \\-sekvens i en tekst"),
    "Extra data": gettext_lazy("der står mere efter dokumentets afslutning"),
}


def _json_reason(message: str) -> str:
    for beginning, reason in _JSON_MESSAGES.items():
        if message.startswith(beginning):
            return str(reason)
    return _("ugyldig JSON-syntaks")


class _DuplicateField(ValueError):
    def __init__(self, name: str):
        self.name = name


class _NonFiniteNumber(ValueError):
    pass


class _TooManyDigits(ValueError):
    def __init__(self, digits: int):
        self.digits = digits


def _object_without_duplicates(pairs):
    result = {}
    for name, value in pairs:
        if name in result:
            raise _DuplicateField(name)
        result[name] = value
    return result


def _reject_constant(name):
    raise _NonFiniteNumber(name)


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise _TooManyDigits(digits)
    return int(text)


def _file_error(message: str) -> tuple[None, list[TemplateFormatError]]:
    return None, [TemplateFormatError(_("filen"), message)]


def _too_big(file_size: int, max_bytes: int):
    return _file_error(
        _("Filen er for stor: %(size)s (højst %(max)s).")
        % {"size": size(file_size), "max": size(max_bytes)}
    )


def read_upload(upload, max_bytes: int = MAX_UPLOAD_BYTES):
    """An uploaded file (Django's `UploadedFile`) as `(document, errors)`,
    like `parse_upload`. A file over the limit is refused by its size, which
    the message states, without reading it."""
    if upload.size > max_bytes:
        return _too_big(upload.size, max_bytes)
    return parse_upload(upload.read(max_bytes + 1), max_bytes)


def parse_upload(
    raw_bytes: bytes, max_bytes: int = MAX_UPLOAD_BYTES
) -> tuple[dict | None, list[TemplateFormatError]]:
    """A file's bytes as `(document, errors)`. The document is None when the
    file cannot be read as JSON; otherwise it is returned even with errors
    (so a page can show its name)."""
    if len(raw_bytes) > max_bytes:
        return _too_big(len(raw_bytes), max_bytes)
    try:
        text = raw_bytes.decode("utf-8-sig")  # a byte order mark (Windows) is fine
    except UnicodeDecodeError as exc:
        return _file_error(
            _(
                "Filen er ikke UTF-8-tekst (ugyldig byte ved position %(position)s). Gem den som UTF-8 og prøv igen."
            )
            % {"position": number(exc.start + 1)}
        )
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
        )
    except json.JSONDecodeError as exc:
        return _file_error(
            _("Filen er ikke gyldig JSON: linje %(line)s, kolonne %(column)s: %(reason)s.")
            % {"line": exc.lineno, "column": exc.colno, "reason": _json_reason(exc.msg)}
        )
    except _DuplicateField as exc:
        return _file_error(
            _("Filen er ikke gyldig: feltet %(name)s står to gange i samme objekt.")
            % {"name": quote(exc.name)}
        )
    except _NonFiniteNumber as exc:
        return _file_error(
            _("Filen er ikke gyldig JSON: %(value)s er ikke et tal i JSON.") % {"value": str(exc)}
        )
    except _TooManyDigits as exc:
        return _file_error(
            _("Filen er ikke gyldig: et tal har %(digits)s cifre (højst %(max)s).")
            % {"digits": number(exc.digits), "max": number(MAX_INTEGER_DIGITS)}
        )
    except RecursionError:
        return _file_error(_("Filen er ikke gyldig JSON: den er for dybt indlejret."))
    return data, validate_document(data)
