"""What the apps above cases add to the case page, filled in by their `AppConfig.ready()` at
start-up, so that cases imports none of them (docs/architecture.md, layers).

A panel is a template drawn on the case page after the recent contacts (outreach registers who
is asked to find the participant) and a function of (user, case) giving the template's context,
merged into the page's; its names must not clash with the page's own."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CasePanel:
    template: str
    context: Callable[[object, object], dict]


_panels: list[CasePanel] = []


def add_case_panel(panel: CasePanel) -> None:
    if panel not in _panels:  # ready() may run again (tests that reload apps)
        _panels.append(panel)


def case_panels(user, case) -> dict:
    """The panels' templates (`case_panels`) and their context, for the case page."""
    context: dict = {"case_panels": [panel.template for panel in _panels]}
    for panel in _panels:
        context.update(panel.context(user, case))
    return context
