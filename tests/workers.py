"""Real Celery processes for the fault tests: a worker or beat in its own process group (so a test
can SIGKILL it and every child), using this test run's database and broker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def wait_for(condition, what: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what} (broker {settings.CELERY_BROKER_URL})"
        time.sleep(0.2)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def site_env(*, smtp_port: int | None = None, broker: str | None = None, **extra: str) -> dict:
    """The production settings (lead.settings) as the test run's environment leaves them, on this
    run's database and broker; with `smtp_port`, e-mail on and sent over SMTP to 127.0.0.1."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lead.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker or settings.CELERY_BROKER_URL,
        "LEAD_SITE_URL": settings.LEAD_SITE_URL,
        **extra,
    }
    if smtp_port is not None:
        env |= {
            "LEAD_EMAIL_NOTIFICATIONS": "on",
            "LEAD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "LEAD_EMAIL_HOST": "127.0.0.1",
            "LEAD_EMAIL_PORT": str(smtp_port),
            "LEAD_EMAIL_TLS": "off",
        }
    return env


def celery(*arguments: str, env: dict) -> subprocess.Popen:
    """`celery -A lead <arguments>` in a process group of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lead", *arguments, "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def stop(*processes: subprocess.Popen, sig=signal.SIGTERM) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, sig)
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
