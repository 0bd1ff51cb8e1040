"""Notifications through the real queue: the web records and queues when
its transaction commits, a real Celery worker (Redis broker, PostgreSQL)
sends by SMTP to a real server on 127.0.0.1, and the real beat starts the
sweep that sends what the queue lost, and tells its health check it is
alive. The rules of who gets what are tested in test_notifications.py."""

import re
import subprocess
import sys
import time
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification
from notifications.tasks import deliver_task
from tests.mailserver import body_of, smtp_server  # noqa: F401 - fixture
from tests.processes import MARKS, ROOT, Process, process_env, wait_for
from tests.test_notifications import address, agenda, calendar_of, people, site  # noqa: F401
from tests.test_worker import queue, services, start_worker  # noqa: F401 - fixtures

pytestmark = MARKS

MAIL_TIMEOUT = 60  # seconds: a worker on a loaded machine


def mail_env() -> dict:
    """Settings for worker and beat: the SMTP server the `smtp_server` fixture
    pointed Django at, and the links' address."""
    return {
        "EMAIL_HOST": settings.EMAIL_HOST,
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "0",
        "SITE_URL": settings.SITE_URL,
        "WORKER_HEARTBEAT_INTERVAL": "1",
    }


def wait_for_mail(smtp_server, person, workers, count=1):
    return wait_for(
        lambda: len(smtp_server.to(address(person))) >= count and smtp_server.to(address(person)),
        MAIL_TIMEOUT,
        f"{count} mail(s) to {person.username}",
        workers,
    )[-1]


def test_sending_the_material_out_mails_the_invitations_through_the_queue(
    client, smtp_server, start_worker, people, agenda
):
    worker = start_worker(**mail_env())
    worker.wait_ready()
    client.force_login(people["lead"])
    response = client.post(reverse("material_sent", args=[agenda.pk]))
    assert response.status_code == 302

    for who in ("chair", "vice_chair", "member", "lead"):
        mail = wait_for_mail(smtp_server, people[who], [worker])
        event = calendar_of(mail).events[0]
        assert str(event["UID"]) == f"moede-{agenda.pk}@med.fjordby.example"
        assert event.start == timezone.localtime(agenda.starts_at)
    assert "Personalesag på Solhøj" in body_of(mail)
    assert smtp_server.to(address(people["hr"])) == []

    # The same task delivered again (a redelivery, a retry) sends nothing.
    note = Notification.objects.get(kind=Kind.INVITATION, recipient=people["chair"])
    assert note.sent_at is not None
    deliver_task.delay(note.pk)
    deliver_task.delay(note.pk)
    nothing = re.compile(r"deliver_task\[[^\]]+\] succeeded in [0-9.]+s: 'nothing'")
    wait_for(lambda: len(nothing.findall(worker.log())) >= 2, MAIL_TIMEOUT, "both", [worker])
    assert len(smtp_server.to(address(people["chair"]))) == 1


def beat_health(queue) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbench.beat"],
        cwd=ROOT,
        env={**process_env(queue), "WORKER_HEARTBEAT_INTERVAL": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_beat_sends_what_the_queue_lost_and_reports_itself_alive(
    smtp_server, queue, start_worker, people, agenda, tmp_path
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    action = agenda.items.get(order=1).add_action("Bestille skærme", people["member"], tomorrow)
    # Recorded, but its task never reached a worker (the queue was down).
    lost = Notification.objects.create(
        recipient=people["member"],
        kind=Kind.ACTION_DUE,
        object_id=action.pk,
        occasion=str(tomorrow),
        created_at=timezone.now() - timedelta(minutes=10),
    )
    assert beat_health(queue).returncode == 1  # no beat yet

    worker = start_worker(**mail_env())
    beat = Process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workbench",
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(tmp_path / "celerybeat-schedule"),
        ],
        tmp_path / "beat.log",
        {**process_env(queue), **mail_env(), "NOTIFICATION_SWEEP_SECONDS": "1"},
    )
    beat.label = "beat"
    beat.start()
    try:
        mail = wait_for_mail(smtp_server, people["member"], [worker, beat])
        assert str(mail["Subject"]).strip() == "Frist i morgen: Bestille skærme"
        # The worker marks it sent once the mail server has taken the mail.
        marked = Notification.objects.filter(pk=lost.pk, sent_at__isnull=False)
        wait_for(marked.exists, MAIL_TIMEOUT, "the lost notification marked sent", [worker, beat])
        health = beat_health(queue)
        assert health.returncode == 0, health.stderr + beat.log_tail()
        assert "beat: last heartbeat" in health.stdout
    finally:
        beat.kill()
    time.sleep(3.5)  # three missed heartbeats
    assert beat_health(queue).returncode == 1
    assert len(smtp_server.to(address(people["member"]))) == 1
