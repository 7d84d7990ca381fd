import getpass

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lead.roles import Role
from lead.users.models import User


class Command(BaseCommand):
    help = (
        "Create the first site administrator (no superuser: access comes from roles only). "
        "The other accounts are then made in Administration."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} exists already.")
        password = getpass.getpass("Password (12 to 64 characters): ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ.")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=Role.SITE_ADMIN.label))
        self.stdout.write(self.style.SUCCESS(f"{username} is a site administrator. Sign in to set up two-factor."))
