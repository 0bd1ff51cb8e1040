"""The key formats: template and section keys are slugs, question and choice
keys may also hold dots ("kerneopgave.dataetik.privatliv").

The patterns are the schema's (`slugKey`, `dottedKey`). The validators below
sit on the model fields, so the editor forms, Django admin and the import
(which runs them for the schema's pattern errors) refuse the same keys with
the same Danish message."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .schema import compile_pattern, definition
from .wording import quote

SLUG_PATTERN = definition("slugKey")["pattern"]
DOTTED_PATTERN = definition("dottedKey")["pattern"]


def is_dotted_key(value: str) -> bool:
    return bool(compile_pattern(DOTTED_PATTERN).search(value))


def validate_slug_key(value: str) -> None:
    if not compile_pattern(SLUG_PATTERN).search(value):
        raise ValidationError(
            _(
                "Nøglen %(value)s må kun indeholde små bogstaver a–z, tal, bindestreg (-) "
                "og understregning (_) og skal begynde med et bogstav eller et tal "
                "(ikke punktum, mellemrum, store bogstaver eller æ, ø, å)."
            ),
            code="invalid_key",
            params={"value": quote(value)},
        )


def validate_dotted_key(value: str) -> None:
    if not is_dotted_key(value):
        raise ValidationError(
            _(
                "Nøglen %(value)s må kun indeholde små bogstaver a–z, tal, punktum (.), "
                "bindestreg (-) og understregning (_) og skal begynde med et bogstav eller "
                "et tal (ikke mellemrum, store bogstaver eller æ, ø, å)."
            ),
            code="invalid_key",
            params={"value": quote(value)},
        )


# The validator that speaks for each key pattern of the schema.
VALIDATORS = {SLUG_PATTERN: validate_slug_key, DOTTED_PATTERN: validate_dotted_key}
