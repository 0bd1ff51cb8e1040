"""gzip for our pages (Django's GZipMiddleware), except for the pages that
carry a secret in their body and may reflect what someone typed: a
compressed page whose size an attacker can watch while steering part of it
leaks the secret a byte at a time (BREACH). docs/security.md says why these."""

from django.middleware.gzip import GZipMiddleware

# Pages whose HTML holds a secret link or token: the medarbejderpuls link
# (shown to whoever runs the pulse, and in the survey's own form action),
# an invitation link and a password-reset link (in their forms' actions,
# beside the refused input shown again).
SECRET_BEARING_PAGES = frozenset(
    {"pulse_detail", "survey", "invitation_accept", "password_reset_confirm"}
)


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in SECRET_BEARING_PAGES:
            return response
        return super().process_response(request, response)
