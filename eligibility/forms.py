"""The officer's screening form and the forms of what follows it; the director's draft of a
criteria version and the PCG's approval.

The screening form asks only the questions the agency's criteria version uses, grouped as an
officer works through a stop, and every one must be answered: a yes/no is a pair of radio
buttons, never a checkbox, so "not answered" cannot pass for "no"."""

from datetime import date

from django import forms
from django.utils import timezone

from eligibility import engine
from eligibility.models import CriteriaVersion, Screening
from lead import demographics, validation
from lead.forms import (
    BoundedForm,
    RevisionedForm,
    UswdsCheckboxSelectMultiple,
    UswdsRadioSelect,
    posted_total,
    with_unit,
    yes_no,
)


def one_of(label: str, choices, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        widget=UswdsRadioSelect,
        error_messages={"required": "Choose one."},
    )


NEED = "an alcohol, drug, poverty, homelessness or mental-health need"

# The questions, grouped as an officer thinks through a stop. Fields the criteria version does
# not use are dropped from the form (Example 2 asks nothing about the victim or need history).
GROUPS = (
    (
        "offense",
        "The offense",
        (
            "offense_type",
            "offense_drug_related",
            "offense_prostitution_related",
            "victim",
            "drug_grams",
            "sale_for_profit",
        ),
    ),
    ("need", "Need and history", ("offense_need_related", "need_history", "amenable", "able_to_consent")),
    (
        "exclusions",
        "Exclusions",
        (
            "exploits_others",
            "pc_violent_offense",
            "pc_protection_order_violation",
            "pc_domestic_violence",
            "promoting_prostitution",
            "registered_sex_offender",
            "acute_emergency_care",
        ),
    ),
    ("convictions", "Prior convictions", ("has_convictions",)),
    ("supervision", "Supervision and warrants", ("on_supervision", "outstanding_warrant")),
    ("demographics", "For the program's equity report", ("race", "ethnicity")),
)


class ScreeningForm(BoundedForm):
    report_number = forms.CharField(
        label="Incident or crime report number",
        max_length=40,
        help_text="As written on the report, for example 26-004512.",
        error_messages={"required": "Enter the incident or crime report number."},
    )
    offense_type = one_of(
        "What kind of offense is there probable cause for?",
        [
            ("misdemeanor", "Misdemeanor"),
            ("violation", "Violation"),
            ("ordinance", "City-ordinance offense"),
            ("felony", "Felony"),
        ],
    )
    offense_drug_related = yes_no("Is the offense drug-related?")
    offense_prostitution_related = yes_no("Is the offense prostitution-related?")
    victim = one_of(
        "Is there a victim?",
        [
            ("none", "No victim"),
            ("declines_prosecution", "Yes, and the victim declines prosecution"),
            ("wants_prosecution", "Yes, and the victim wants the case prosecuted"),
        ],
    )
    drug_grams = with_unit(
        forms.DecimalField(
            label="Amount of drugs, in grams",
            min_value=0,
            max_digits=8,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            error_messages={
                "required": "Enter the amount of drugs in grams; 0 if none.",
                "invalid": "Enter a number of grams, for example 2.5.",
            },
        ),
        "grams",
    )
    sale_for_profit = yes_no("Does the suspected drug activity include selling for profit above a subsistence level?")
    offense_need_related = yes_no(f"Was the offense committed in relation to {NEED}?")
    need_history = yes_no(f"Does the person have a known history of {NEED}?")
    amenable = yes_no("Does the person appear amenable to diversion?")
    able_to_consent = yes_no(
        "Is the person able to give consent right now?",
        "No if intoxicated to the point of not understanding, for example.",
    )
    exploits_others = yes_no("Does the person exploit minors or other people?")
    pc_violent_offense = yes_no("Is there probable cause of a violent offense?")
    pc_protection_order_violation = yes_no("Is there probable cause that the person violated an order of protection?")
    pc_domestic_violence = yes_no("Is there probable cause of a domestic-violence-related offense?")
    promoting_prostitution = yes_no("Is the person suspected of promoting prostitution?")
    registered_sex_offender = yes_no("Is the person a registered sex offender?")
    acute_emergency_care = yes_no("Does the person need acute emergency care, being a danger to themselves or others?")
    has_convictions = yes_no(
        "Does the records check show prior convictions?",
        "Enter every conviction found, attempts included; the criteria decide which ones count.",
    )
    on_supervision = yes_no(
        "Is the person on any type of supervision?", "Probation, parole, pretrial or community supervision."
    )
    outstanding_warrant = yes_no("Does the person have an outstanding warrant?")
    race = forms.MultipleChoiceField(
        label="Race, as the person states it",
        required=False,
        widget=UswdsCheckboxSelectMultiple,
        choices=demographics.Race.choices,
        help_text=(
            "Ask; do not guess. Nothing here names the person. The PCG uses it to see whether LEAD narrows disparities."
        ),
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity, as the person states it",
        required=False,
        widget=UswdsRadioSelect,
        choices=demographics.Ethnicity.choices,
    )

    def __init__(self, *args, version: CriteriaVersion, **kwargs):
        super().__init__(*args, **kwargs)
        used = set(version.as_criteria().used_facts())
        for name in list(self.fields):
            if name in engine.FACT_KINDS and name not in used:
                del self.fields[name]
        if "drug_grams" in self.fields:
            self.fields[
                "drug_grams"
            ].help_text = f"Enter 0 if none. Your agency's limit is {version.drug_limit_grams.normalize():f} grams."

    def groups(self):
        """[(key, title, [bound fields])] for the template, in the order of GROUPS."""
        return [(key, title, [self[name] for name in names if name in self.fields]) for key, title, names in GROUPS]

    def facts(self, convictions: list[dict]) -> dict:
        """The answers as the engine and the screen command read them (JSON-shaped)."""
        facts = {name: value for name, value in self.cleaned_data.items() if name in engine.FACT_KINDS}
        if "drug_grams" in facts:
            grams = facts["drug_grams"]
            facts["drug_grams"] = int(grams) if grams == grams.to_integral_value() else float(grams)
        facts["convictions"] = convictions
        return facts


class ConvictionForm(BoundedForm):
    offense = forms.ChoiceField(
        label="Offense",
        choices=[("", "- Select -"), *engine.CONVICTION_LABELS.items()],
        error_messages={"required": "Choose the offense."},
    )
    date = forms.DateField(
        label="Date of conviction",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validation.DateWindow(years_back=80, years_ahead=0, what="The date of a conviction")],
        error_messages={"required": "Enter the date of the conviction.", "invalid": "Enter a real date."},
    )
    attempt = yes_no("Was it an attempt?")

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of a conviction cannot be in the future.")
        return value

    def as_fact(self) -> dict:
        data = self.cleaned_data
        return {"offense": data["offense"], "date": data["date"].isoformat(), "attempt": data["attempt"]}


ConvictionFormSet = forms.formset_factory(ConvictionForm, extra=1, can_delete=True, max_num=30, validate_max=True)


def conviction_rows(data) -> list[dict]:
    """The conviction rows typed so far (not validated), to show again with one more empty row."""
    rows = []
    for index in range(posted_total(data, "convictions", 30)):
        row = {field: data.get(f"convictions-{index}-{field}", "") for field in ("offense", "date", "attempt")}
        if any(row.values()) and not data.get(f"convictions-{index}-DELETE"):
            rows.append(row)
    return rows


def check_convictions(form: ScreeningForm, formset) -> list[dict] | None:
    """The convictions entered, or None after adding the error that makes the answers disagree."""
    if not formset.is_valid() or "has_convictions" not in form.cleaned_data:
        return None
    # An untouched empty row has no cleaned data; a row shown again after "add" has all of it.
    rows = [row.as_fact() for row in formset.forms if row.cleaned_data and row not in formset.deleted_forms]
    if form.cleaned_data["has_convictions"] and not rows:
        form.add_error("has_convictions", "Enter each conviction below, or answer No.")
        return None
    if not form.cleaned_data["has_convictions"] and rows:
        form.add_error("has_convictions", "You entered convictions below: answer Yes, or remove them.")
        return None
    return rows


class CoordinationForm(BoundedForm):
    coordinated_with = forms.CharField(
        label="Who did you coordinate with?",
        max_length=200,
        help_text="The supervising agency or issuing court, and the person you spoke to.",
        error_messages={"required": "Enter who you coordinated with."},
    )
    result = one_of("What did you decide together?", Screening.CoordinationResult.choices)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProsecutorReviewForm(BoundedForm):
    decision = one_of(
        "Your decision",
        [
            (Screening.ProsecutorDecision.CONFIRMED, "Confirm: diversion may go ahead"),
            (Screening.ProsecutorDecision.OVERRULED, "Overrule: the person is not diverted"),
        ],
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The officer sees it. Do not include health information.",
        error_messages={"required": "Give the reason for your decision."},
    )


class CriteriaDraftForm(RevisionedForm):
    offense_rule = one_of("Qualifying offenses", CriteriaVersion.OffenseRule.choices)
    drug_limit_grams = with_unit(
        forms.DecimalField(
            label="Drug amount limit, in grams",
            min_value=0,
            max_digits=7,
            decimal_places=2,
            help_text="A person with more than this amount is excluded (policy: 7 grams).",
        ),
        "grams",
    )
    lookback_years = with_unit(
        forms.IntegerField(
            label="Look-back period, in years",
            min_value=1,
            max_value=99,
            help_text="Convictions of the second list exclude when they fall within this period (policy: 10 years).",
        ),
        "years",
    )
    convictions_any_time = forms.MultipleChoiceField(
        label="Convictions that exclude without time limit",
        required=False,
        choices=[(code, label) for code, label in engine.CONVICTION_LABELS.items() if code != "other"],
        widget=UswdsCheckboxSelectMultiple,
    )
    convictions_lookback = forms.MultipleChoiceField(
        label="Convictions that exclude within the look-back period",
        required=False,
        choices=[(code, label) for code, label in engine.CONVICTION_LABELS.items() if code != "other"],
        widget=UswdsCheckboxSelectMultiple,
    )
    change_summary = forms.CharField(
        label="What changes and why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The PCG reads this before approving. Mention the input of line officers and the OWG.",
        error_messages={"required": "Say what this version changes and why."},
    )

    def clean(self):
        data = super().clean()
        both = set(data.get("convictions_any_time", [])) & set(data.get("convictions_lookback", []))
        if both:
            names = ", ".join(engine.CONVICTION_LABELS[c] for c in sorted(both))
            self.add_error(
                "convictions_lookback",
                f"Already excluded without time limit: {names}. Choose each offense in one list only.",
            )
        return data


class ApprovalForm(RevisionedForm):
    effective_from = forms.DateField(
        label="In force from",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validation.DateWindow(years_back=0, years_ahead=3, what="The date")],
        help_text="Officers screen with this version from this day on. Today or later.",
        error_messages={"required": "Enter the date this version comes into force.", "invalid": "Enter a real date."},
    )

    def clean_effective_from(self):
        value: date = self.cleaned_data["effective_from"]
        if value < timezone.localdate():
            raise forms.ValidationError("The date cannot be in the past.")
        return value
