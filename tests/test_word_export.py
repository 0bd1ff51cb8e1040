"""Word files of the pack and of the minutes: real headings, tables and
lists in Danish, read back with python-docx as Word would open them; and,
where LibreOffice is installed, converted to PDF to show that it opens."""

import io
import shutil
import subprocess

import docx
from django.urls import reverse

from packs.models import DialoguePack
from packs.services import request_pack
from tests.services import unavailable
from tests.test_minutes_pdf import held  # noqa: F401 - the fixture
from tests.test_packs import answered, pdf_text  # noqa: F401 - the fixture

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def word(response) -> docx.Document:
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return docx.Document(io.BytesIO(content)), content


def headings(document) -> list[tuple[str, str]]:
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name == "Title" or paragraph.style.name.startswith("Heading")
    ]


def all_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def test_the_pack_as_word_has_headings_tables_and_danish(
    committed,
    login,
    lead,
    meeting,  # noqa: F811
    project,
    answered,  # noqa: F811
):
    meeting.add_item(
        title="Skærmbesøg på Ærø", kind="beslutning", project=project, proposal="Forsøget udvides."
    )
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.READY, pack.error
    document, _content = word(login(lead).get(reverse("pack_download_docx", args=[pack.pk])))

    found = headings(document)
    assert ("Title", "Mødemateriale") in found
    assert ("Heading 1", "Overblik over mødet") in found
    assert ("Heading 1", "1. Skærmbesøg på Ærø") in found
    assert ("Heading 2", "Hvad udvalget skal") in found
    assert ("Heading 1", "Bilag til punkt 1. Skærmbesøg på Ærø") in found
    assert document.core_properties.language == "da-DK"

    overview = document.tables[0]
    assert [cell.text for cell in overview.rows[0].cells] == [
        "Punkt",
        "Udvalget skal",
        "Indstilling",
    ]
    assert "Skærmbesøg på Ærø" in overview.rows[1].cells[0].text
    assert overview.rows[1].cells[2].text == "Forsøget udvides."
    text = all_text(document)
    assert "Fælles svar nummer 2" in text and "Ledelsessiden" in text and "æ" in text
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)


def test_the_minutes_as_word_say_who_attended_what_was_decided_and_who_follows_up(
    login,
    lead,
    chair,
    member,
    held,  # noqa: F811
):
    client = login(lead)
    response = client.post(
        reverse("meeting_attendance", args=[held.pk]), {"attendees": [chair.pk, member.pk]}
    )
    assert response.status_code == 302
    document, content = word(client.get(reverse("meeting_minutes_docx", args=[held.pk])))

    found = headings(document)
    assert found[0] == ("Title", f"Referat: møde i {held.committee.name}")
    assert ("Heading 1", "Til stede") in found
    assert ("Heading 1", "1. Skærmbesøg i hjemmeplejen (Til beslutning)") in found
    attendance = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(str(chair) in line and "formand" in line for line in attendance)
    assert any(str(member) in line for line in attendance)
    text = all_text(document)
    assert "Udvalget går videre med forsøget på Ærø og i Åbyhøj." in text
    assert "Mindretalsudtalelse fra medarbejdersiden:" in text
    follow_up = next(t for t in document.tables if t.rows[0].cells[0].text == "Hvad")
    assert [c.text for c in follow_up.rows[1].cells][:2] == [
        "Plan for oplæring i hjemmeplejen",
        str(chair),
    ]

    # Someone outside the committee cannot be marked as attending.
    refused = client.post(reverse("meeting_attendance", args=[held.pk]), {"attendees": ["999999"]})
    assert refused.status_code == 302 and set(held.attendees.all()) == {chair, member}


def test_the_minutes_in_word_open_in_libreoffice(login, lead, chair, held, tmp_path):  # noqa: F811
    if LIBREOFFICE is None:
        unavailable("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    held.record_attendance([chair])
    _document, content = word(login(lead).get(reverse("meeting_minutes_docx", args=[held.pk])))
    source = tmp_path / "referat.docx"
    source.write_bytes(content)
    subprocess.run(
        [LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = " ".join(pdf_text((tmp_path / "referat.pdf").read_bytes()).split())
    assert "Til stede" in converted and str(chair) in converted and "Åbyhøj" in converted
