"""How a person describes their race and ethnicity, asked at screening (eligibility) and at
intake (cases' `Participant`) and counted by the equity report: one vocabulary for all three,
kept in the foundation so that none of them imports another for it."""

from django.db import models


class Ethnicity(models.TextChoices):
    HISPANIC = "hispanic", "Hispanic or Latino"
    NOT_HISPANIC = "not_hispanic", "Not Hispanic or Latino"
    DECLINED = "declined", "Declined to answer"


class Race(models.TextChoices):
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    ASIAN = "asian", "Asian"
    BLACK = "black", "Black or African American"
    MIDDLE_EASTERN = "middle_eastern", "Middle Eastern or North African"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Pacific Islander"
    WHITE = "white", "White"
    OTHER = "other", "Another race"
    DECLINED = "declined", "Declined to answer"
