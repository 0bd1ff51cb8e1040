"""Attachments on projects and agenda items: accepted by what the file is
(not its name), no larger than the setting allows, with a safe name, kept
in storage and served only through the access check as a download; listed
in the pack, and PDFs appended behind it with the page numbers of the whole."""

import io
import re
import subprocess
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments.models import Attachment
from packs.models import DialoguePack
from packs.services import request_pack
from tests.factories import a_pdf, attach, make_user
from tests.test_packs import pdf_text

# What Windows programs start with: a renamed one must not pass for a PDF.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def item(meeting, project):  # noqa: F811
    return meeting.add_item(title="Leverandørvalg", kind="beslutning", project=project)


def upload(client, item, data: bytes, name: str):
    return client.post(
        reverse("attach_to_item", args=[item.pk]), {"fil": SimpleUploadedFile(name, data)}
    )


def word_file() -> bytes:
    document = docx.Document()
    document.add_heading("Kravspecifikation", level=1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_files_are_accepted_by_what_they_are_with_safe_names(login, lead, item):
    client = login(lead)
    assert (
        upload(client, item, a_pdf("Evaluering", 2), "../../etc/Evaluering æøå <b>.pdf").status_code
        == 302
    )
    assert upload(client, item, word_file(), "krav.docx").status_code == 302
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert upload(client, item, png, "foto.jpg").status_code == 302  # named wrongly: a PNG
    kept = {a.kind: a for a in Attachment.objects.filter(item=item)}
    assert set(kept) == {"pdf", "docx", "png"}
    assert kept["pdf"].name == "Evaluering_æøå_b.pdf" and kept["pdf"].pages == 2
    assert kept["png"].name == "foto.png"
    assert "/" not in kept["pdf"].name and ".." not in kept["pdf"].file.name

    page = client.get(reverse("meeting_detail", args=[item.meeting_id])).content.decode()
    assert "Evaluering_æøå_b.pdf" in page and "<b>" not in page.split("Vedhæftede filer")[1][:500]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (EXECUTABLE, "budget.pdf"),  # a renamed program
        (b"PK\x03\x04" + b"\x00" * 100, "regneark.xlsx"),  # not a zip at all
        (b"<script>alert(1)</script>", "billede.png"),
        (b"%PDF-1.7 but nothing else", "tom.pdf"),  # unreadable PDF
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(login, lead, item, data, name):
    client = login(lead)
    response = upload(client, item, data, name)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "kan ikke" in page


def test_a_zip_that_is_no_office_file_is_refused(login, lead, item):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("virus.exe", EXECUTABLE)
    upload(login(lead), item, archive.getvalue(), "regnskab.xlsx")
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(settings, login, lead, item):
    settings.ATTACHMENT_MAX_BYTES = 2_000
    client = login(lead)
    response = upload(client, item, a_pdf("Stor", 3), "stor.pdf")
    assert not Attachment.objects.exists()
    assert "Filen er for stor" in client.get(response["Location"]).content.decode()


def test_only_those_who_may_see_the_item_get_the_file_and_always_as_a_download(
    login, lead, member, outsider, municipality, meeting, project, item
):
    on_item = attach(item, lead, a_pdf("Tilbud"), "tilbud.pdf")
    closed = meeting.add_item(title="Personalesag", kind="droeftelse", is_closed=True)
    on_closed = attach(closed, lead, a_pdf("Fortroligt"), "fortroligt.pdf")
    on_project = attach(project, lead, word_file(), "krav.docx")

    response = login(member).get(reverse("attachment_download", args=[on_item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tilbud.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(member).get(reverse("attachment_download", args=[on_closed.pk])).status_code == 200

    colleague = login(make_user("kollega", municipality))  # no seat in the committee
    assert colleague.get(reverse("attachment_download", args=[on_closed.pk])).status_code == 404
    assert colleague.get(reverse("attachment_download", args=[on_project.pk])).status_code == 200
    for attachment in (on_item, on_closed, on_project):
        url = reverse("attachment_download", args=[attachment.pk])
        assert login(outsider).get(url).status_code == 404  # another municipality
    # Only the meeting's organisers attach to its items.
    assert upload(login(member), item, a_pdf(), "x.pdf").status_code == 403


def test_pdf_attachments_are_appended_behind_the_pack_with_the_page_numbers_of_the_whole(
    committed, lead, meeting, project, item
):
    attach(item, lead, a_pdf("Pilotevaluering", 2), "pilotevaluering.pdf")
    attach(project, lead, word_file(), "krav.docx")  # listed, not appended
    with committed():
        plain = request_pack(meeting, None, lead)
        appended = request_pack(meeting, None, lead, attachments=True)
    plain.refresh_from_db()
    appended.refresh_from_db()
    assert appended.status == DialoguePack.Status.READY, appended.error
    assert appended.pages == plain.pages + 2

    pages = pdf_text(appended.read_file()).split("\f")[:-1]
    total = appended.pages
    for number, page in enumerate(pages, 1):
        assert re.findall(r"Side \d+ af \d+", page) == [f"Side {number} af {total}"]
    assert "Pilotevaluering, side 1" in pages[total - 2] and "Pilotevaluering, side 2" in pages[-1]
    overview = " ".join(pages[0].split())
    assert re.search(rf"pilotevaluering\.pdf – side {total - 1}\b", overview), overview
    short = " ".join(" ".join(pages[1:4]).split())
    assert "pilotevaluering.pdf" in short and "krav.docx" in short
    info = subprocess.run(["pdfinfo", "-"], input=appended.read_file(), capture_output=True)
    assert b"Tagged:          yes" in info.stdout
