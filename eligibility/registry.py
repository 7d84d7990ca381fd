"""What the apps above eligibility add to its pages, filled in by their `AppConfig.ready()` at
start-up, so that eligibility imports none of them (docs/architecture.md, layers):

- offer rules: why an officer may not offer diversion yet (outreach registers the site's
  training requirement). `offer_blocked` is asked by the screening pages here and by the offer
  page in cases, so the rule is decided in one place whichever page asks.
- the referral link: the page of the referral that followed a screening, when the user may
  open it (cases registers it; the referral's access rule stays in cases)."""

from collections.abc import Callable

OfferRule = Callable[[object], "str | None"]
ReferralLink = Callable[[object, object], "str | None"]

_offer_rules: list[OfferRule] = []
_referral_link: list[ReferralLink] = []


def add_offer_rule(rule: OfferRule) -> None:
    if rule not in _offer_rules:  # ready() may run again (tests that reload apps)
        _offer_rules.append(rule)


def set_referral_link(link: ReferralLink) -> None:
    _referral_link[:] = [link]


def offer_blocked(officer) -> str | None:
    """The first registered rule's reason why `officer` may not offer diversion; None when they may."""
    for rule in _offer_rules:
        reason = rule(officer)
        if reason:
            return reason
    return None


def referral_url(user, screening) -> str | None:
    """The referral that followed `screening`, if the user may open it."""
    return _referral_link[0](user, screening) if _referral_link else None
