from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Participants, referrals and cases"

    def ready(self):
        # Eligibility sits below cases: its screening page links the referral that followed
        # through this, without importing cases (eligibility/registry.py).
        from cases.selectors import referral_url_after
        from eligibility import registry

        registry.set_referral_link(referral_url_after)

        # The scoped lookups of cases' kinds of object and the predicates of its actions, and
        # what notifications about a referral or a case say of it (lead/notifications/describe.py).
        # What the access log says of participants, referrals and cases (lead/audit/records.py).
        from cases import audit_records, notification_kinds, permissions  # noqa: F401
