from django import forms

from lead import validation
from lead.forms import BoundedForm
from search.terms import MAX_LENGTH, MIN_LENGTH


class SearchForm(BoundedForm):
    # A name's rules (no invisible or direction characters): most searches are names, and a
    # character nobody types must be refused with a reason rather than silently find nothing.
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_LENGTH,
        validators=[validation.validate_name],
        help_text="A name or alias, a date of birth, a crime report number, a criminal case number or a case reference.",
    )

    def clean_q(self):
        q = " ".join(self.cleaned_data["q"].split())
        if len(q) == 1:
            raise forms.ValidationError(f"Type at least {MIN_LENGTH} characters.")
        return q
