"""What ships for deployment holds together, checked without Docker (CI has
none): docker-compose.yml is a valid Compose file that starts what users
need, in order, with health checks; the image and `make` install exactly the
locked versions, and the lock covers what pyproject.toml asks for.
tests/test_production.py runs the image's commands themselves."""

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "schemas" / "compose-spec.json"
APP_SERVICES = ("migrate", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


# -- docker-compose.yml -----------------------------------------------------------


def test_compose_file_follows_the_compose_specification(compose):
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(compose)
    ]
    assert not errors, "\n".join(errors)


def test_every_long_running_service_has_a_health_check(services):
    one_shot = {name for name, service in services.items() if service.get("restart") == "no"}
    assert one_shot == {"migrate"}
    for name, service in services.items():
        if name in one_shot:
            continue
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_web_worker_and_beat_start_after_migrations_with_database_and_redis_healthy(services):
    wanted = {
        "migrate": {"condition": "service_completed_successfully"},
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == wanted, name
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_redis_never_evicts_a_queued_task_and_keeps_the_queue_across_restarts(services):
    command = services["redis"]["command"]
    options = dict(zip(command[1::2], command[2::2], strict=True))
    assert options["--maxmemory-policy"] == "noeviction"
    assert options["--appendonly"] == "yes"
    assert any(volume.endswith(":/data") for volume in services["redis"]["volumes"])


def test_postgresql_plans_for_ssd_storage(services):
    command = services["db"]["command"]
    settings = dict(arg.split("=", 1) for arg in command if "=" in arg)
    assert float(settings["random_page_cost"]) <= 1.5


def test_the_app_refuses_to_start_without_a_secret_key(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", environment["SECRET_KEY"]), name
        assert environment["DEBUG"] == "0", name


def test_the_services_run_the_commands_test_production_runs(services):
    # web: the image's CMD (gunicorn), run by test_production.py.
    assert "command" not in services["web"]
    assert services["web"]["healthcheck"]["test"][:3] == ["CMD", "python", "scripts/healthcheck.py"]
    # The worker on the CPU the web leaves over, one process, while packs render.
    assert services["worker"]["command"][:8] == [
        "chrt",
        "--idle",
        "0",
        "celery",
        "-A",
        "workbench",
        "worker",
        "--concurrency=${WORKER_CONCURRENCY:-1}",
    ]
    assert "python -m workbench.heartbeat" in services["worker"]["healthcheck"]["test"][1]
    # beat: the command tests/test_notifications_worker.py runs, and its heartbeat.
    assert services["beat"]["command"][:4] == ["celery", "-A", "workbench", "beat"]
    assert services["beat"]["healthcheck"]["test"] == ["CMD", "python", "-m", "workbench.beat"]


# -- pinned dependencies ----------------------------------------------------------


def locked(filename: str) -> dict[str, str]:
    """name -> pinned version; every pin must carry hashes."""
    pins = {}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / filename).read_text())
    for block in blocks:
        pin = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if not pin:
            continue
        assert "--hash=sha256:" in block, f"{filename}: {pin.group(1)} has no hash"
        pins[canonicalize_name(pin.group(1))] = pin.group(2)
    return pins


def unmet(requirements: list[str], pins: dict[str, str]) -> list[str]:
    missing = []
    for line in requirements:
        requirement = Requirement(line)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{line} (locked: {version})")
    return missing


def test_the_lock_files_hold_what_pyproject_asks_for():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    everything = project["dependencies"] + project["optional-dependencies"]["dev"]
    missing = unmet(project["dependencies"], runtime) + unmet(everything, dev)
    assert not missing, f"not in the lock files: {missing}; run `make lock`"
    differing = {name: (v, dev.get(name)) for name, v in runtime.items() if dev.get(name) != v}
    assert not differing, f"requirements-dev.txt must pin the image's versions: {differing}"


def test_the_image_installs_the_locked_versions_only():
    installs = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if "pip install" in line
    ]
    assert installs == ["RUN pip install --require-hashes -r requirements.txt"]
