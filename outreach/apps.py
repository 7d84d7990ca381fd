from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Outreach and education"

    def ready(self):
        # Eligibility and cases sit below outreach and import nothing from it; outreach hands
        # them what they show at start-up. The site's training requirement decides who may
        # offer diversion (eligibility/registry.py: the screening pages and cases' offer page);
        # the case page draws the outreach panel (cases/registry.py).
        from cases import registry as cases_registry
        from eligibility import registry as eligibility_registry

        # Scoped lookups; what notifications say; what the access log says (lead/audit/records.py).
        from outreach import audit_records, notification_kinds, permissions  # noqa: F401
        from outreach.case_panel import PANEL
        from outreach.services.training import offer_blocked

        eligibility_registry.add_offer_rule(offer_blocked)
        cases_registry.add_case_panel(PANEL)
