"""Configuration from the environment fails loudly on unsafe values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import workbench.settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_refuses_a_weak_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="0", SECRET_KEY="kort")
    assert result.returncode != 0 and "32+" in result.stderr


def test_nonsense_debug_value_fails_loudly():
    result = load_settings(DEBUG="måske")
    assert result.returncode != 0 and "DEBUG must be" in result.stderr


def test_embedded_default_is_sqlite_with_in_process_tasks():
    result = load_settings()  # nothing set at all
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_a_deployment_with_a_database_needs_a_secret_key_unless_debug():
    result = load_settings(DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_postgresql_and_redis_from_the_environment():
    result = load_settings(
        DEBUG="0",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@127.0.0.1:5432/db",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_templates_are_compiled_once_per_process():
    # Listing loaders explicitly would turn Django's cached loader off and
    # recompile every template on every request.
    from django.template import engines

    engine = engines["django"].engine
    assert engine.get_template("base.html") is engine.get_template("base.html")
    partial = engine.get_template("assessments/assessment.html#answer-block")
    assert partial is engine.get_template("assessments/assessment.html#answer-block")


def test_nonsense_log_format_fails_loudly():
    result = load_settings(LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT must be json or text" in result.stderr


def test_nonsense_site_url_or_daily_time_fails_loudly():
    result = load_settings(SITE_URL="med.fjordby.dk")
    assert result.returncode != 0 and "SITE_URL must start with https://" in result.stderr
    result = load_settings(NOTIFICATION_DAILY_AT="7 om morgenen")
    assert result.returncode != 0 and "NOTIFICATION_DAILY_AT must be a time" in result.stderr
    result = load_settings(NOTIFICATION_DAILY_AT="25:00")
    assert result.returncode != 0 and "NOTIFICATION_DAILY_AT must be a time" in result.stderr
