from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "Eligibility"

    def ready(self):
        # The scoped lookups of eligibility's kinds of object and the predicates of its actions.
        from eligibility import permissions  # noqa: F401
