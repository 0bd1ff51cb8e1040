"""A browser as the load benchmark needs one: cookies, the CSRF token, htmx
headers, and every request timed and recorded under the endpoint's name;
and the latency table made from those records."""

import http.client
import math
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

# The token in a form, or in the page's htmx headers (pages without a form).
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')
TIMEOUT = 60  # seconds; beyond gunicorn's own 30 s request timeout


@dataclass
class Hit:
    endpoint: str
    status: int  # 0: no answer (connection refused, reset, timed out)
    ms: float
    ok: bool


@dataclass
class Save:
    """One answer save as sent, and what came back."""

    assessment: int
    question: int
    sender: str  # username
    joint: bool  # the committee's joint answer, else the sender's own
    text: str
    values: list[str]
    status: str
    base: int  # the version the form showed
    http: int
    version: int | None  # from the response: the stored version (2xx), the current one (409)
    stale_on_purpose: bool = False

    @property
    def key(self):
        """Which answer: (assessment, question, respondent's username or "" if joint)."""
        return (self.assessment, self.question, "" if self.joint else self.sender)


class Recorder:
    """Every request of every simulated user, in the order they finished."""

    def __init__(self):
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    def add(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)


class Browser:
    """One user's browser: its own connection and cookies. Redirects are not
    followed (a 302 after logging in is the answer)."""

    def __init__(self, base_url: str, recorder: Recorder):
        self.host = urlsplit(base_url).netloc
        self.recorder = recorder
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.connection = http.client.HTTPConnection(self.host, timeout=TIMEOUT)

    def get(self, endpoint: str, path: str, ok=(200,), htmx=False) -> tuple[int, str]:
        return self._send(endpoint, "GET", path, None, ok, htmx)

    def post(self, endpoint: str, path: str, data, ok=(200,), htmx=True) -> tuple[int, str]:
        """A form post (a list of pairs keeps repeated fields), with the CSRF
        token both in the form and in the header, as htmx sends it."""
        body = urlencode([*list(data), ("csrfmiddlewaretoken", self.csrf)])
        return self._send(endpoint, "POST", path, body, ok, htmx)

    def login(self, username: str, password: str) -> bool:
        """Through the real login form, CSRF included."""
        status, page = self.get("login page", "/log-ind/")
        self.remember_csrf(page)
        fields = [("username", username), ("password", password)]
        status, _page = self.post("login", "/log-ind/", fields, ok=(302,), htmx=False)
        return status == 302

    def remember_csrf(self, page: str) -> None:
        found = CSRF_TOKEN.search(page)
        if found:
            self.csrf = found.group(1) or found.group(2)

    def _send(self, endpoint, method, path, body, ok, htmx) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        if htmx:
            headers["HX-Request"] = "true"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new connection
            status, text = 0, ""
        else:
            status = response.status
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        ms = (time.perf_counter() - start) * 1000
        self.recorder.add(Hit(endpoint, status, ms, status in ok))
        return status, text


def percentile(values, q):
    """Nearest rank: the smallest value with at least q of all values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def by_endpoint(hits):
    grouped = {}
    for hit in hits:
        grouped.setdefault(hit.endpoint, []).append(hit)
    return grouped


def report(hits, idle_hits, seconds, order) -> int:
    """Latency per endpoint (in `order`), beside the same endpoint unloaded;
    returns the number of failed requests."""
    idle = {e: percentile([h.ms for h in hs], 0.5) for e, hs in by_endpoint(idle_hits).items()}
    print(
        f"\n{'endpoint':16} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'max ms':>8} {'idle p50':>9} {'× idle':>7}"
    )
    grouped = by_endpoint(hits)
    for endpoint in sorted(grouped, key=lambda e: order.index(e) if e in order else len(order)):
        group = grouped[endpoint]
        ms = [h.ms for h in group]
        p50 = percentile(ms, 0.5)
        base = idle.get(endpoint)
        versus = f"{base:9.1f} {p50 / base:7.1f}" if base else f"{'–':>9} {'–':>7}"
        print(
            f"{endpoint:16} {len(group):8d} {sum(not h.ok for h in group):6d} "
            f"{len(group) / seconds:6.1f} {p50:8.1f} {percentile(ms, 0.95):8.1f} "
            f"{max(ms):8.1f} {versus}"
        )
    return sum(not h.ok for h in hits)
