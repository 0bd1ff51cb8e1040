"""The date and time formats the pages use, in the reader's language.

Templates write `{{ when|date:_("j. F Y") }}`: the Danish format string is
the msgid, and locale/en's django.po gives the English one ("j F Y"), so
an English page reads "Tuesday, 8 December 2026" and never "Tuesday 8.
December 2026". makemessages does not look inside a `blocktranslate`'s
`with` arguments; this list makes sure every format is in the catalogue.
Machine formats ("c", "Y-m-d") are never translated."""

from django.utils.translation import gettext_noop

FORMATS = [
    gettext_noop("j. F Y"),  # 8. december 2026
    gettext_noop("j. b Y"),  # 8. dec 2026
    gettext_noop("j. b y"),  # 8. dec 26
    gettext_noop("j. F Y H:i"),
    gettext_noop("j. b H:i"),
    gettext_noop("j. b Y H:i"),
    gettext_noop("j. F Y \\k\\l. H.i"),  # 8. december 2026 kl. 14.00
    gettext_noop("l j. F Y"),  # tirsdag 8. december 2026
    gettext_noop("l j. F Y \\k\\l. H.i"),
    gettext_noop("H.i"),
    gettext_noop("H:i"),
    gettext_noop("H:i:s"),
]
