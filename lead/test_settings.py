"""Settings for the test suite: production settings (DEBUG off, two-factor on, demo off) with the
few changes a test run needs. DATABASE_URL and CELERY_BROKER_URL come from the environment
(.ci/run points them at PostgreSQL and Redis)."""

import os
import tempfile

os.environ.setdefault("LEAD_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("LEAD_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("LEAD_PSEUDONYM_KEY", "test-pseudonym-key-not-for-production")
os.environ.setdefault("LEAD_VAR_DIR", os.path.join(tempfile.gettempdir(), "lead-test-var"))
os.environ["LEAD_DEBUG"] = "off"
os.environ["LEAD_DEMO"] = "off"
os.environ["LEAD_TWO_FACTOR"] = "on"
# The test client and the live server speak plain HTTP.
os.environ["LEAD_SSL_REDIRECT"] = "off"
os.environ["LEAD_SECURE_COOKIES"] = "off"

from lead.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_HSTS_SECONDS = 0
# The report caches the figures of closed periods: in this process's memory, emptied before each test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Static files straight from the source folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# A database connection per request, closed when the request ends. The live server answers each of
# the browser's keep-alive connections on a thread of its own, and a connection kept for reuse
# there outlives the test: a run of the browser tests used up PostgreSQL's 100 connections.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: the browser tests' live server answers requests on several
    # threads at once (an intake draft saving while the page submits), and only a file database
    # lets a writer wait for another instead of failing with "database table is locked".
    # One file per test process, so that two runs at once do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
