from django import forms, template

from lead.forms import counted_limit, requirement

register = template.Library()

WIDGET_CLASSES = [
    (forms.CheckboxInput, "usa-checkbox__input"),
    # CheckboxSelectMultiple is a RadioSelect subclass: it must come first.
    (forms.CheckboxSelectMultiple, "usa-checkbox__input usa-checkbox__input--tile"),
    (forms.RadioSelect, "usa-radio__input usa-radio__input--tile"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
]


@register.filter
def uswds(field):
    """Render a bound field's widget with USWDS classes and its hint and errors described."""
    widget = field.field.widget
    css = next((c for klass, c in WIDGET_CLASSES if isinstance(widget, klass)), "usa-input")
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if character_limit(field):
        described_by.append(f"{field.auto_id}-info")
    described_by += [f"{field.auto_id}-error-{n}" for n in range(1, len(field.errors) + 1)]
    attrs = {"class": f"{css} usa-input--error" if field.errors and css == "usa-input" else css}
    if character_limit(field):
        attrs["class"] += " usa-character-count__field"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_group(field) -> bool:
    """Radio buttons and checkbox lists: a fieldset with a legend, not a label."""
    return isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


@register.filter
def add_class(field, css: str):
    return field.as_widget(attrs={"class": css})


@register.filter
def character_limit(field) -> int | None:
    """The length the page states and USWDS's character count (uswds.min.js) counts down as the
    person types (lead.forms.counted_limit says which fields)."""
    return counted_limit(field.field)


@register.filter(name="requirement")
def requirement_of(field) -> str:
    """What the label adds: "optional", "required if …" or nothing (lead.forms.requirement)."""
    return requirement(field.field)
