#!/usr/bin/env python3
"""Is the web up for its users? The web service's health check in
docker-compose.yml (tests/test_production.py runs it too):

1. the login page answers 200,
2. every static file it links (stylesheet, scripts) is served under its
   hashed name
   (the static files manifest and whitenoise work: with a broken manifest
   every page answers 500 while a bare health endpoint still says ok),
3. readiness (/sundhed/klar/) answers 200: database, Redis, a worker's
   heartbeat and the manifest.

Usage: healthcheck.py BASE_URL. Exit 0 when all hold; else 1, saying why.
Standard library only: it runs in the image with nothing else.
"""

import re
import sys
import urllib.error
import urllib.request

STATIC_PREFIX = "/static/"
ASSET = re.compile(r'(?:href|src)="(' + STATIC_PREFIX + r'[^"]+)"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
TIMEOUT = 5


# The check runs beside the app, where the TLS-terminating proxy stands, and
# says what the proxy says (docker-compose.yml sets SECURE_PROXY_SSL_HEADER);
# without it, production settings would redirect the check to HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)  # noqa: S310 - our own URL
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - our own URL
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def problems(base: str) -> list[str]:
    found = []
    status, page = fetch(base + "/log-ind/")
    if status != 200:
        return [f"/log-ind/ answered {status}"]
    assets = ASSET.findall(page.decode("utf-8", "replace"))
    if not assets:
        found.append(f"/log-ind/ links nothing under {STATIC_PREFIX}")
    for asset in assets:
        if not HASHED.search(asset):
            found.append(f"{asset} has no hashed name (collectstatic with DEBUG off?)")
        asset_status, _body = fetch(base + asset)
        if asset_status != 200:
            found.append(f"{asset} answered {asset_status}")
    status, body = fetch(base + "/sundhed/klar/")
    if status != 200:
        found.append(f"/sundhed/klar/ answered {status}: {body.decode('utf-8', 'replace')}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: healthcheck.py BASE_URL", file=sys.stderr)
        return 2
    try:
        found = problems(argv[0].rstrip("/"))
    except OSError as error:
        found = [f"no answer: {error}"]
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
