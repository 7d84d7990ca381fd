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
