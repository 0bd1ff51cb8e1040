"""Hostile text in answers: nothing fetched, nothing embedded, shown literally.
And the renderer itself fetches nothing but our static files, even if
hostile markup reached it unescaped."""

import socket
import subprocess
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services import Submission, save_answer
from meetings.models import Meeting
from packs.pdf import StaticFilesOnlyFetcher, html_to_pdf
from packs.services import request_pack
from tests.test_packs import pdf_objects, pdf_text


@pytest.fixture
def listener():
    """A TCP socket on 127.0.0.1 that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(2)
    server.close()


def hostile_texts(port):
    return [
        '<img src="file:///etc/passwd">',
        f'<img src="http://127.0.0.1:{port}/spion.png">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<style>@import url("http://127.0.0.1:{port}/import.css"); '
        f'body {{ background: url("http://127.0.0.1:{port}/bg.png") }}</style>',
        "<style>@page{size:100000cm}</style>",
    ]


def page_size(pdf: bytes) -> str:
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return next(line for line in info.splitlines() if line.startswith("Page size"))


def test_hostile_answers_are_shown_literally_and_nothing_is_fetched(
    committed, listener, committee, project, lead, member, assessment
):
    port, hits = listener
    texts = hostile_texts(port)
    questions = list(assessment.questions().filter(section__key="kerneopgave-fem-spoergsmaal"))
    for question, text in zip(questions, texts, strict=True):
        save_answer(assessment, question, lead, Submission(text=text, status="aabent"), joint=True)
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=1),
        place="<b>R</b>",
        created_by=lead,
    )
    meeting.add_item(title='<script>alert("x")</script>', kind="droeftelse", project=project)
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    pdf = pack.read_file()
    # Compare without whitespace: the PDF wraps long URLs across lines.
    text = "".join(pdf_text(pdf).replace("\u2010\n", "").split())
    for hostile in [*texts, '<script>alert("x")</script>', "<b>R</b>"]:
        assert "".join(hostile.split()) in text, hostile
    assert hits == []
    objects = pdf_objects(pdf)
    assert b"/EmbeddedFile" not in objects and b"root:x:0:0" not in objects
    assert "A4" in page_size(pdf)


def test_renderer_refuses_everything_but_our_static_files_even_unescaped(listener):
    port, hits = listener
    html = (
        '<html lang="da"><head><title>t</title>'
        '<link rel="stylesheet" href="/static/pack/pack.css">'
        + "".join(hostile_texts(port))
        + '</head><body><p>Indhold</p><img src="file:///etc/passwd">'
        f'<img src="http://127.0.0.1:{port}/x.png"><iframe src="file:///etc/passwd"></iframe>'
        '<object data="file:///etc/passwd"></object></body></html>'
    )
    pdf, pages = html_to_pdf(html)
    assert hits == []
    objects = pdf_objects(pdf)
    assert b"/EmbeddedFile" not in objects and b"root:x:0:0" not in objects
    assert b"/Subtype /Image" not in objects and b"/Subtype/Image" not in objects


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/static/pack/pack.css",
        "https://pack.invalid/static/../workbench/settings.py",
        "https://pack.invalid/static/%2e%2e/workbench/settings.py",
        "https://pack.invalid/media/x",
        "data:text/css,body{}",
    ],
)
def test_fetcher_refuses_urls_outside_our_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesOnlyFetcher().fetch(url)


def test_fetcher_serves_our_stylesheet_and_fonts():
    fetcher = StaticFilesOnlyFetcher()
    css = fetcher.fetch("https://pack.invalid/static/pack/pack.css")
    assert css.content_type == "text/css" and b"@page" in css.read()
    font = fetcher.fetch("https://pack.invalid/static/fonts/DejaVuSans.ttf")
    assert len(font.read()) > 100_000
