"""The notifications pages and the header count: a user only ever sees and opens their own."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lead.notifications.models import Notification
from tests.conftest import signed_in_client
from tests.factories import NotificationFactory, UserFactory

LIST = reverse("notifications:list")


def open_url(notification):
    return reverse("notifications:open", kwargs={"public_id": notification.public_id})


def test_a_user_sees_only_their_own_notifications(officer):
    NotificationFactory(user=officer, subject="Your hand-off was accepted")
    NotificationFactory(subject="Someone else's news")
    html = signed_in_client(officer).get(LIST).content.decode()
    assert "Your hand-off was accepted" in html
    assert "Someone else&#x27;s news" not in html


def test_unread_notifications_are_marked_new_in_words(officer):
    NotificationFactory(user=officer, subject="Unread one")
    NotificationFactory(user=officer, subject="Read one", read_at=timezone.now())
    page = signed_in_client(officer).get(LIST)
    rows = page.content.decode().split('<tr class="lead-notification">')[1:]
    assert [("Unread one" in row, ">New<" in row) for row in rows] == [(False, False), (True, True)]


def test_the_list_shows_the_newest_first_25_to_a_page(officer):
    NotificationFactory.create_batch(30, user=officer)
    client = signed_in_client(officer)
    first = client.get(LIST).context["page"].object_list
    assert len(first) == 25
    assert first[0].created_at >= first[24].created_at
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 5


def test_the_list_runs_the_same_queries_for_one_notification_and_for_thirty(officer):
    client = signed_in_client(officer)
    NotificationFactory(user=officer)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    NotificationFactory.create_batch(29, user=officer)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(one)


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(officer):
    notification = NotificationFactory(user=officer, url=reverse("accounts:account"))
    response = signed_in_client(officer).post(open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_a_404_like_a_missing_one(officer):
    someone_elses = NotificationFactory(user=UserFactory())
    client = signed_in_client(officer)
    existing = client.post(open_url(someone_elses))
    missing = client.post(reverse("notifications:open", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"}))
    assert existing.status_code == missing.status_code == 404
    strip_csrf = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip_csrf.sub(b"", existing.content) == strip_csrf.sub(b"", missing.content)
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


@pytest.mark.parametrize("url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)", ""])
def test_a_notification_that_does_not_point_at_this_site_opens_the_list(officer, url):
    notification = NotificationFactory(user=officer, url=url)
    response = signed_in_client(officer).post(open_url(notification))
    assert response["Location"] == LIST


def test_opening_is_a_post_only(officer):
    assert signed_in_client(officer).get(open_url(NotificationFactory(user=officer))).status_code == 405


def test_marking_all_read_marks_only_the_users_own(officer):
    NotificationFactory.create_batch(2, user=officer)
    someone_elses = NotificationFactory()
    response = signed_in_client(officer).post(reverse("notifications:read-all"), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_the_header_shows_the_number_of_new_notifications_in_words(officer):
    client = signed_in_client(officer)
    name = re.compile(
        r'<a class="lead-notifications-link lead-notifications-link--navbar"[^>]*><span class="usa-sr-only">([^<]*)</span>'
    )
    assert name.search(client.get(reverse("home")).content.decode()).group(1) == "Notifications"
    NotificationFactory.create_batch(3, user=officer)
    NotificationFactory(user=officer, read_at=timezone.now())
    html = client.get(reverse("home")).content.decode()
    assert name.search(html).group(1) == "Notifications, 3 unread"
    assert '<span class="lead-notifications-link__count">3</span>' in html


def test_the_header_count_is_a_single_query(officer):
    client = signed_in_client(officer)
    NotificationFactory.create_batch(3, user=officer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    table = Notification._meta.db_table
    assert len([q for q in queries if table in q["sql"]]) == 1


def test_before_the_second_factor_the_header_shows_no_notifications(officer):
    NotificationFactory(user=officer)
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("home"), follow=True)
    assert "unread_notifications" not in response.context
    assert "Notifications" not in response.content.decode()
