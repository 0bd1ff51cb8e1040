"""The one place WeasyPrint is called. It fetches nothing but our own static
files: no file:// outside them, no network, no redirects, no data: URLs."""

import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# HTML is rendered against this base, so "/static/…" in the pack resolves to
# a URL the fetcher recognises. The host can never resolve (RFC 6761).
PACK_BASE_URL = "https://pack.invalid/"
_STATIC_PREFIX = PACK_BASE_URL + settings.STATIC_URL.lstrip("/")


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `https://pack.invalid/static/<path>` from our static files and
    refuses every other URL (WeasyPrint then leaves the resource out)."""

    def __init__(self):
        super().__init__(allowed_protocols=set(), allow_redirects=False)

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        if path is None:
            raise ValueError(f"Pack renderer refuses to fetch {url[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    @staticmethod
    def _static_path(url: str) -> Path | None:
        if not url.startswith(_STATIC_PREFIX):
            return None
        relative = url[len(_STATIC_PREFIX) :].split("?")[0].split("#")[0]
        if not relative or ".." in relative.split("/") or "%" in relative:
            return None
        found = finders.find(relative)
        return Path(found) if found else None


def html_to_pdf(html: str, *, tagged: bool = True, stylesheet: str = "") -> tuple[bytes, int]:
    """Render HTML to a tagged PDF (PDF/UA-1), or with tagged=False to
    plain pages (the page numbers laid over a merged pack, `packs.merge`).
    `stylesheet` (a static file, e.g. "pack/pack.css") is applied to the
    HTML, parsed once per process: the pack's parts do not link it, as
    parsing it and its fonts costs more than laying out a page.
    Returns (pdf bytes, page count)."""
    options, font_config = {}, None
    if stylesheet:
        sheet, font_config = _parsed(stylesheet)
        options["stylesheets"] = [sheet]
    document = HTML(
        string=html, base_url=PACK_BASE_URL, url_fetcher=StaticFilesOnlyFetcher()
    ).render(font_config=font_config, presentational_hints=False, **options)
    variant = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    pdf = document.write_pdf(**variant, attachments=[])
    return pdf, len(document.pages)


@cache
def _parsed(stylesheet: str) -> tuple[CSS, FontConfiguration]:
    # The fonts its @font-face rules load belong to the stylesheet: every
    # document it is applied to uses the same font configuration.
    font_config = FontConfiguration()
    sheet = CSS(
        url=_STATIC_PREFIX + stylesheet,
        url_fetcher=StaticFilesOnlyFetcher(),
        font_config=font_config,
    )
    return sheet, font_config
