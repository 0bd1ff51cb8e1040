"""Packs are kept in file storage (Django's storage API), not in the
database: the local file system by default, S3-compatible object storage by
a setting (tested against a real S3 server, moto's, on 127.0.0.1); the
meeting page never reads a pack's file or source to list it, and costs the
same with one pack or fifty; the migration moves the PDFs out of the
database without losing one."""

import boto3
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from moto.server import ThreadedMotoServer

from packs.models import DialoguePack
from packs.services import request_pack
from tests.test_packs import pdf_text

BUCKET = "medarbejdsbord-test"


def ready_pack(meeting, lead, number: int) -> DialoguePack:  # noqa: F811
    pack = DialoguePack.objects.create(meeting=meeting, requested_by=lead)
    return pack.mark_ready({"format": "test", "number": number}, b"%PDF-1.7 pakke", pages=1)


def test_a_pack_is_a_file_in_storage_and_its_download_goes_through_the_access_check(
    committed,
    login,
    lead,
    outsider,
    meeting,
    project,  # noqa: F811
):
    meeting.add_item(title="Punkt i lager", kind="orientering", project=project)
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    assert pack.file.name.startswith(f"packs/{meeting.pk}/") and pack.size > 1000
    with default_storage.open(pack.file.name, "rb") as stored:
        assert "Punkt i lager" in pdf_text(stored.read())
    download = login(lead).get(reverse("pack_download", args=[pack.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == pack.read_file()
    assert login(outsider).get(reverse("pack_download", args=[pack.pk])).status_code == 404


def test_a_result_stored_twice_leaves_one_file(lead, meeting):  # noqa: F811
    pack = ready_pack(meeting, lead, 1)
    again = pack.mark_ready({"format": "test", "number": 2}, b"%PDF-1.7 anden", pages=1)
    assert again.read_file() == b"%PDF-1.7 pakke"
    _folders, files = default_storage.listdir(f"packs/{meeting.pk}")
    assert [name for name in files if name.startswith(f"{pack.pk}-")] == [
        pack.file.name.rsplit("/", 1)[-1]
    ]


def test_the_meeting_page_costs_the_same_with_fifty_kept_packs(
    login,
    lead,
    meeting,
    project,  # noqa: F811
):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    client = login(lead)
    url = reverse("meeting_detail", args=[meeting.pk])
    ready_pack(meeting, lead, 0)
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(1, 50):
        ready_pack(meeting, lead, number)
    with CaptureQueriesContext(connection) as fifty:
        page = client.get(url).content.decode()
    assert len(fifty) == len(one), [q["sql"] for q in fifty]
    pack_queries = [q["sql"] for q in fifty if '"packs_dialoguepack"' in q["sql"]]
    assert pack_queries and not any('"source"' in sql for sql in pack_queries)
    assert page.count('class="pack-state ') == 10 and "Se alle 50 gemte udgaver" in page
    every = client.get(reverse("pack_list", args=[meeting.pk])).content.decode()
    assert every.count('class="pack-state ') == 50


@pytest.fixture
def s3_storage(settings):
    """A real S3-compatible server (moto's) on 127.0.0.1, with a bucket,
    as the default storage: the same settings FILE_STORAGE=s3 makes."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "eu-north-1",
        "access_key": "test",
        "secret_key": "test",
        "file_overwrite": False,
        "default_acl": None,
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-north-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield client
    server.stop()


def test_packs_are_kept_in_s3_compatible_storage_by_a_setting(
    s3_storage,
    committed,
    login,
    lead,
    meeting,
    project,  # noqa: F811
):
    meeting.add_item(title="Punkt i skyen", kind="orientering", project=project)
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.READY, pack.error
    keys = {entry["Key"] for entry in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {key for key in keys if key.startswith("packs/")} == {pack.file.name, pack.docx.name}
    assert any(key.startswith("pack-parts/") for key in keys)  # the parts kept for next time
    in_bucket = s3_storage.get_object(Bucket=BUCKET, Key=pack.file.name)["Body"].read()
    download = login(lead).get(reverse("pack_download", args=[pack.pk]))
    assert b"".join(download.streaming_content) == in_bucket
    assert "Punkt i skyen" in pdf_text(in_bucket)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_pdf_out_of_the_database_without_loss(lead, meeting):  # noqa: F811
    before, after = [("packs", "0004_pack_part")], [("packs", "0005_pack_file_in_storage")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("packs", "DialoguePack")
    pdfs = {
        old.objects.create(
            meeting_id=meeting.pk,
            requested_by_id=lead.pk,
            status="klar",
            pdf=f"%PDF-1.7 pakke {number} æøå".encode() * 500,
            checksum=f"{number:064x}",
        ).pk: f"%PDF-1.7 pakke {number} æøå".encode() * 500
        for number in range(3)
    }
    unfinished = old.objects.create(meeting_id=meeting.pk, requested_by_id=lead.pk).pk

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    moved = executor.loader.project_state(after).apps.get_model("packs", "DialoguePack")
    for pk, pdf in pdfs.items():
        pack = moved.objects.get(pk=pk)
        with default_storage.open(pack.file.name, "rb") as stored:
            assert stored.read() == pdf and pack.size == len(pdf)
    assert not moved.objects.get(pk=unfinished).file

    # And back: the bytes return to the database.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("packs", "DialoguePack")
    assert {pk: bytes(old.objects.get(pk=pk).pdf) for pk in pdfs} == pdfs
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
