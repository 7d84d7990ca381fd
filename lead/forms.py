"""Widgets that render as the U.S. Web Design System expects: each radio button and checkbox in
its own `usa-radio` / `usa-checkbox` box with the label after the input. The field template
(templates/includes/field.html) wraps the group in a fieldset with a legend."""

from django import forms


class UswdsRadioSelect(forms.RadioSelect):
    template_name = "lead/widgets/choices.html"
    option_template_name = "lead/widgets/choice_option.html"


class UswdsCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    template_name = "lead/widgets/choices.html"
    option_template_name = "lead/widgets/choice_option.html"


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """A required yes/no question as two radio buttons: unlike a checkbox, "not answered" cannot
    pass for "no"."""
    return forms.TypedChoiceField(
        label=label, help_text=help_text, choices=YES_NO, coerce=lambda v: v == "yes", widget=UswdsRadioSelect,
        error_messages={"required": "Answer yes or no."},
    )


class VersionedForm(forms.Form):
    """A form that edits an existing record: it carries the record's version (lead.services.
    version_of) so that a save from a stale page is refused rather than overwriting."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def after_conflict(self, record) -> None:
        """Keep what was typed, with the current version: saving again, once the person has seen
        the other save, goes through."""
        from lead.services import version_of

        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = version_of(record)
