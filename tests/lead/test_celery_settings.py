"""The Celery settings that keep tasks through crashes (docs/reliability.md) agree with each other:
change one and these say which promise it breaks."""

import datetime

from django.conf import settings

from lead.celery import app
from lead.outbox import services as outbox
from lead.outbox.tasks import outbox_deliver


def project_tasks():
    app.loader.import_default_modules()
    return [task for name, task in app.tasks.items() if not name.startswith("celery.")]


def hard_limit(task) -> float:
    return task.time_limit or app.conf.task_time_limit


def test_a_killed_workers_task_goes_back_to_the_queue():
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


def test_every_task_has_a_soft_limit_before_its_hard_one():
    assert project_tasks()
    for task in project_tasks():
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert soft and soft < hard_limit(task), task.name


def test_redis_redelivers_a_message_only_after_its_task_must_have_ended():
    # A running task is never started twice, and a dead worker's message comes back in minutes.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    if settings.CELERY_BROKER_URL.startswith("redis"):
        assert all(hard_limit(task) < visibility for task in project_tasks())
        assert visibility <= 15 * 60


def test_an_email_is_held_longer_than_the_delivery_holding_it_may_run():
    assert datetime.timedelta(seconds=outbox_deliver.time_limit) < outbox.LEASE
    assert outbox_deliver.soft_time_limit > outbox.BUDGET_SECONDS + 4 * settings.EMAIL_TIMEOUT


def test_email_has_its_own_queue_and_the_beat_delivers_every_minute():
    assert app.amqp.router.route({}, outbox_deliver.name)["queue"].name == "outbox"
    assert app.amqp.router.route({}, "cases.tasks.deadline_sweep")["queue"].name == "celery"
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-deliver"]
    assert entry["task"] == outbox_deliver.name and entry["schedule"] <= 60
