"""The headers every page carries (CSP, Permissions-Policy, Referrer-Policy,
COOP, framing, caching), in this process; the same in production mode
(HSTS, the HTTPS redirect, secure cookies, static files) is in
test_security_production.py."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

REQUIRED_CSP = {
    "default-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def csp_directives(header: str) -> dict[str, str]:
    directives = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in directives}


def assert_security_headers(headers):
    """What every HTML page must carry; shared with the production-mode test."""
    csp = headers["Content-Security-Policy"]
    assert csp_directives(csp) == REQUIRED_CSP
    assert "unsafe" not in csp and "nonce" not in csp
    policy = headers["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy.split(", ")
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def cache_directives(headers) -> set[str]:
    return {part.strip() for part in headers.get("Cache-Control", "").split(",")}


def test_an_authenticated_page_carries_the_security_headers(login, member, assessment):
    response = login(member).get(reverse("assessment", args=[assessment.pk]))
    assert response.status_code == 200
    assert_security_headers(response.headers)
    assert {"private", "no-store"} <= cache_directives(response.headers)


def test_every_response_to_a_logged_in_user_is_private_and_not_stored(login, member, assessment):
    client = login(member)
    answers = client.post(
        reverse("answer_save", args=[assessment.pk, assessment.questions()[0].pk]),
        {"version": "0", "text": "Et svar"},
        headers={"HX-Request": "true"},
    )
    missing = client.get(reverse("project_detail", args=[987654]))
    for response in (answers, missing):
        assert {"private", "no-store"} <= cache_directives(response.headers), response.status_code


def test_the_login_page_carries_the_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response.headers)


def test_the_admin_login_page_carries_the_headers_too(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response.headers)


def test_no_html_page_has_inline_script_or_style(login, member, assessment):
    """What the CSP forbids is not in our markup to begin with (the browser
    test shows nothing is blocked)."""
    client = login(member)
    pages = [
        reverse("dashboard"),
        reverse("project_detail", args=[assessment.project.pk]),
        reverse("assessment", args=[assessment.pk]),
        reverse("comparison", args=[assessment.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        scripts = html.count("<script")
        assert scripts == html.count('<script src="'), f"inline <script> on {url}"


# The PDF template is WeasyPrint's, not a browser page; its inline styles are
# being moved out with the packs work (the browser preview will then follow).
NOT_BROWSER_PAGES = {"packs"}
INLINE_IN_TEMPLATES = re.compile(r"style=|<style|<script(?![^>]*\bsrc=)|\son[a-z]+=|hx-on|js:")
EVAL_IN_SCRIPTS = re.compile(r"\beval\(|new Function|\.style\b|setAttribute\(.style")


def test_no_template_or_script_of_ours_needs_unsafe_inline_or_eval():
    root = Path(settings.BASE_DIR)
    offending = []
    for template in (root / "templates").rglob("*.html"):
        if template.relative_to(root / "templates").parts[0] in NOT_BROWSER_PAGES:
            continue
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if INLINE_IN_TEMPLATES.search(line):
                offending.append(f"{template.relative_to(root)}:{number}: {line.strip()}")
    for script in (root / "static" / "js").rglob("*.js"):
        for number, line in enumerate(script.read_text().splitlines(), 1):
            if EVAL_IN_SCRIPTS.search(line):
                offending.append(f"{script.relative_to(root)}:{number}: {line.strip()}")
    assert not offending, "\n".join(offending)
