# syntax=docker/dockerfile:1
#
# LEAD case management: one image for every application service of docker-compose.yml
# (web, worker, beat, migrate). See docs/deployment.md.

# --- Front-end assets ---------------------------------------------------------------------------
# USWDS and htmx come from package-lock.json, the same files `make static` copies to static/vendor/.
FROM node:22-bookworm-slim AS static
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
RUN mkdir -p static/vendor/uswds static/vendor/htmx \
    && cp -R node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
             node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img \
             static/vendor/uswds/ \
    && cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js

# --- Application --------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS app

# The code runs from /app (PYTHONPATH), where settings.py finds templates/ and static/ beside it.
# LEAD_VAR_DIR holds the collected static files (read-only, from the build) and beat's schedule.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=lead.settings \
    LEAD_VAR_DIR=/app/var

# A home of its own: gunicorn keeps its control socket in ~/.gunicorn.
RUN groupadd --system --gid 10001 lead \
    && useradd --system --uid 10001 --gid lead --create-home --home-dir /home/lead \
               --shell /usr/sbin/nologin lead

WORKDIR /app

# pg_dump and pg_restore for backup_site and restore_site (docs/deployment.md, "Backups and
# restore"), of the db service's major version: pg_dump refuses a server newer than itself, and
# Debian bookworm has 15 where docker-compose.yml runs postgres:16. PostgreSQL's own repository
# has every version; postgresql-common brings its set-up script and signing key.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

# Dependencies get their own layer, rebuilt only when the lock changes: exactly the versions of
# requirements-runtime.lock (`make lock`), each checked against its hash. The lead package itself
# is not installed: a second copy in site-packages would move BASE_DIR away from templates/.
RUN python -m venv /opt/venv
COPY requirements-runtime.lock ./
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements-runtime.lock

# The code stays owned by root: the service user can read it, not change it.
COPY . .
COPY --from=static /build/static/vendor/ static/vendor/

# collectstatic imports the settings, which refuse to load without a secret key when DEBUG is off;
# this throwaway key exists only for this build step and is in no image layer's environment.
# The memory broker keeps the settings from creating the demo's filesystem-broker folders.
RUN install -d -o lead -g lead /app/var /app/private \
    && LEAD_SECRET_KEY=collectstatic-at-build-time-only LEAD_PSEUDONYM_KEY=collectstatic-at-build-time-only CELERY_BROKER_URL=memory:// \
       python manage.py collectstatic --noinput

USER 10001:10001
EXPOSE 8000
CMD ["gunicorn", "lead.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm"]
