"""The English translation is complete: every Danish string has an English
text, none is a fuzzy guess, and the compiled catalogue matches it."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"
ENTRY = re.compile(r'^msgid "(.*)"\n(?:msgid_plural ".*"\n)?msgstr(?:\[0\])? "(.*)"', re.M)


def entries():
    text = PO.read_text(encoding="utf-8")
    return text, [(m.group(1), m.group(2)) for m in ENTRY.finditer(text) if m.group(1)]


def test_every_string_has_an_english_text_and_none_is_fuzzy():
    text, pairs = entries()
    assert "#, fuzzy" not in text
    single_line = [msgid for msgid, msgstr in pairs if not msgstr]
    # Long strings wrap: msgstr "" followed by continuation lines.
    missing = [m for m in single_line if f'msgid "{m}"\nmsgstr ""\n"' not in text]
    assert missing == []
    # A plural form left empty (msgstr[n] "" with nothing after it).
    assert not re.search(r'^msgstr\[\d\] ""\n(?!")', text, re.M)


def test_the_compiled_catalogue_is_the_current_one():
    _text, pairs = entries()
    samples = [(msgid, msgstr) for msgid, msgstr in pairs if msgstr]
    with translation.override("en"):
        for msgid, msgstr in samples:
            danish = msgid.encode().decode("unicode_escape").encode("latin-1").decode()
            english = msgstr.encode().decode("unicode_escape").encode("latin-1").decode()
            assert translation.gettext(danish) == english
