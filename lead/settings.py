"""Settings, read from environment variables.

Defaults are safe for production: with no environment at all the site runs with DEBUG off,
secure cookies, HSTS and two-factor authentication, and refuses to start without a secret key.
The demo (`make run`) switches DEBUG and demo mode on explicitly. Every variable is listed in
`.env.example` and in docs/configuration.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LEAD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be on or off, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("LEAD_DEBUG", False)

# Demo mode seeds demo accounts whose shared password is public; it exists only with DEBUG on.
LEAD_DEMO = env_bool("LEAD_DEMO", False)
if LEAD_DEMO and not DEBUG:
    raise ImproperlyConfigured("LEAD_DEMO=on needs LEAD_DEBUG=on: demo accounts never run in production")
LEAD_DEMO_PASSWORD = "lead-demo"

# Two-factor sign-in (TOTP) for every account. Only a DEBUG site may switch it off.
LEAD_TWO_FACTOR = env_bool("LEAD_TWO_FACTOR", True)
if not LEAD_TWO_FACTOR and not DEBUG:
    raise ImproperlyConfigured("LEAD_TWO_FACTOR=off is refused when LEAD_DEBUG is off")

SECRET_KEY = os.environ.get("LEAD_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("LEAD_SECRET_KEY is required when LEAD_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-demo-runs-0123456789"

ALLOWED_HOSTS = env_list("LEAD_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("LEAD_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lead.admin_site.LeadAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "guardian",
    "simple_history",
    "django_filters",
    "csp",
    "lead",
    "lead.agencies",
    "lead.users",
    "lead.audit",
    "lead.system",
    "lead.outbox",
    "lead.notifications",
    "eligibility",
    "cases",
    "owg",
    "outreach",
    "reports",
    "search",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, but the idle timeout's bookkeeping cannot fail a request (lead/users/middleware.py).
    "lead.users.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lead.users.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "lead.users.middleware.PasswordChangeRequiredMiddleware",
    "lead.access.AccessMapMiddleware",
    "lead.middleware.NoStoreMiddleware",
    # AxesMiddleware turns a locked-out sign-in into the lockout page; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lead.urls"
WSGI_APPLICATION = "lead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lead.context_processors.navigation",
                "lead.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lead.sqlite3'}",
        conn_max_age=int(os.environ.get("LEAD_DB_CONN_MAX_AGE", "60")),
        # A kept connection is tested before a request uses it: one that a PostgreSQL restart
        # ended is replaced, and the request goes on (tests/lead/test_db_outage.py).
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo database: wait for a writer instead of failing with "database is locked"
    # when requests overlap (an intake form saving its draft while the page reloads, say).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out accounts before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "lead.users.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 64}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Sessions: a new one on every sign-in (django.contrib.auth.login cycles the key), ended by the
# browser closing, 30 idle minutes or 12 hours after sign-in (CJIS 5.5.5, HIPAA automatic logoff).
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("LEAD_SESSION_IDLE_MINUTES", "30")))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("LEAD_SESSION_ABSOLUTE_HOURS", "12")))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Pages where someone waits (the officer's screening for the prosecutor, the case manager's
# hand-offs) ask the server this often whether what they show changed (docs/architecture.md,
# "Pages that update themselves"). Those polls never count as activity: the idle timeout above
# still signs out a person who left a waiting page open.
LEAD_POLL_SECONDS = max(1, int(os.environ.get("LEAD_POLL_SECONDS", "5")))

# Lockout (django-axes): 5 failures, each within 15 minutes of the one before, lock the account
# (by username, whatever the address) until an administrator unlocks it or the cool-off ends.
AXES_FAILURE_LIMIT = int(os.environ.get("LEAD_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LEAD_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("LEAD_PROXY_COUNT", "0")) or None
AXES_VERBOSE = False
# axes.W006 asks to lock by address too. We lock accounts, as CJIS asks: officers at one station
# share an address, and one officer's typos must not lock the whole station out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = os.environ.get("LEAD_SITE_NAME", "LEAD case management")

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous users get nothing.

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("LEAD_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Signed consent forms and releases of information: never under the web root, served only by
# a view that checks who asks (cases/views/steps.py).
LEAD_PRIVATE_FILES = Path(os.environ.get("LEAD_PRIVATE_FILES", VAR_DIR / "private"))
LEAD_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = LEAD_MAX_UPLOAD_BYTES + 1024 * 1024  # a drawn signature arrives as form data
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers. Behind a TLS-terminating proxy set LEAD_PROXY_SSL_HEADER=on.
SECURE_COOKIES = env_bool("LEAD_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("LEAD_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("LEAD_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if env_bool("LEAD_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Celery. With no broker configured the demo uses the filesystem transport, which needs no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in (_broker_dir, _broker_dir / "processed", _broker_dir / "control"):
        _folder.mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands a message that was not acknowledged within this time to another worker:
        # longer than the longest task may run (CELERY_TASK_TIME_LIMIT), so a running task is
        # never started twice, and short, so a killed worker's task runs again within minutes.
        "visibility_timeout": 360,
        # A web request that nudges a worker after its commit waits this long at most for Redis.
        "socket_connect_timeout": 3,
    }
CELERY_TASK_IGNORE_RESULT = True
# Crash safety (docs/reliability.md): a task's message is acknowledged only when it has finished
# (acks late), and a task whose worker process died (SIGKILL, out of memory) is put back on the
# queue rather than acknowledged (reject on worker lost): every task is idempotent, so running
# one again is safe and losing one is not. A task that kills its worker each time would loop;
# none does, and the time limits below end a hanging one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every task ends: the soft limit raises inside it, the hard one kills the process (prefork pool
# only; the solo pool of the demo cannot enforce them). Tasks may set shorter limits of their own.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Two queues: `celery` for the deadline sweep, the planner and the other periodic work, `outbox`
# for e-mail, each with its own worker in production (docker-compose.yml), so a slow or hanging
# mail server never delays a deadline. A worker started without -Q consumes both.
CELERY_TASK_QUEUES = {"celery": {}, "outbox": {}}
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {"lead.outbox.tasks.*": {"queue": "outbox"}}
CELERY_TIMEZONE = TIME_ZONE
# The 30-day assessment deadline: reminders this many days before the due date, a sweep every
# few minutes, and /healthz failing when no sweep has finished for this long (cases/deadlines.py).
LEAD_REMINDER_DAYS = [int(d) for d in env_list("LEAD_REMINDER_DAYS", "7,3,1")]
# The key of the pseudonyms in the de-identified extract (reports/deidentified.py): the same
# key gives the same pseudonyms in every download, so evaluators can follow people across
# extracts; whoever holds it can test a guessed record id. Keep it secret, apart from the
# database, and never change it while evaluators rely on earlier extracts.
LEAD_PSEUDONYM_KEY = os.environ.get("LEAD_PSEUDONYM_KEY", "")
if not LEAD_PSEUDONYM_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("LEAD_PSEUDONYM_KEY is required when LEAD_DEBUG is off")
    LEAD_PSEUDONYM_KEY = "debug-pseudonyms:" + SECRET_KEY
LEAD_DORMANT_DAYS = int(os.environ.get("LEAD_DORMANT_DAYS", "90"))
LEAD_DORMANT_WARNING_DAYS = int(os.environ.get("LEAD_DORMANT_WARNING_DAYS", "83"))
LEAD_SWEEP_MINUTES = float(os.environ.get("LEAD_SWEEP_MINUTES", "5"))
LEAD_SWEEP_MAX_AGE_MINUTES = int(os.environ.get("LEAD_SWEEP_MAX_AGE_MINUTES", "30"))
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "lead.system.tasks.heartbeat",
        "schedule": int(os.environ.get("LEAD_HEARTBEAT_SECONDS", "60")),
    },
    "deadline-sweep": {
        "task": "cases.tasks.deadline_sweep",
        "schedule": LEAD_SWEEP_MINUTES * 60,
    },
    "owg-meetings-plan": {
        "task": "owg.tasks.owg_meetings_plan",
        "schedule": 3600,
    },
    # The outbox (lead/outbox): e-mail that a lost nudge, a dead worker or a failed attempt left.
    "outbox-deliver": {
        "task": "lead.outbox.tasks.outbox_deliver",
        "schedule": int(os.environ.get("LEAD_OUTBOX_SECONDS", "60")),
    },
    "outbox-purge": {
        "task": "lead.outbox.tasks.outbox_purge",
        "schedule": 3600,
    },
    # CJIS: accounts unused for LEAD_DORMANT_DAYS are disabled, warned LEAD_DORMANT_WARNING_DAYS
    # in (lead/users/hygiene.py). Hourly: the sweep is idempotent, and a missed run costs nothing.
    "dormant-accounts": {
        "task": "lead.users.tasks.dormant_accounts",
        "schedule": 3600,
    },
}

EMAIL_BACKEND = os.environ.get(
    "LEAD_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("LEAD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LEAD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LEAD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LEAD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LEAD_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("LEAD_FROM_EMAIL", "lead@localhost")
# Seconds a mail server may take to answer before the attempt fails and is retried later: a server
# that accepts connections and never answers must not hold a worker.
EMAIL_TIMEOUT = int(os.environ.get("LEAD_EMAIL_TIMEOUT", "10"))
# The outbox (lead/outbox/services.py): attempts before a message is given up, days a sent one is
# kept, and /healthz failing when a message has waited this long.
LEAD_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("LEAD_OUTBOX_MAX_ATTEMPTS", "10"))
LEAD_OUTBOX_KEEP_DAYS = int(os.environ.get("LEAD_OUTBOX_KEEP_DAYS", "30"))
LEAD_OUTBOX_MAX_AGE_MINUTES = int(os.environ.get("LEAD_OUTBOX_MAX_AGE_MINUTES", "30"))

# Notifications are always shown in the app; with this on they are emailed too (lead/notifications).
LEAD_EMAIL_NOTIFICATIONS = env_bool("LEAD_EMAIL_NOTIFICATIONS", False)
# The site's address as people open it, for links in email.
LEAD_SITE_URL = os.environ.get("LEAD_SITE_URL", "http://127.0.0.1:8000")
if LEAD_EMAIL_NOTIFICATIONS and not DEBUG and not os.environ.get("LEAD_SITE_URL"):
    raise ImproperlyConfigured("LEAD_EMAIL_NOTIFICATIONS=on needs LEAD_SITE_URL: email links must reach the site")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LEAD_LOG_LEVEL", "INFO")},
    # Axes logs usernames of failed sign-ins; those go to the access log instead.
    "loggers": {"axes": {"level": "WARNING"}},
}
