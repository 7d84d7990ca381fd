"""Hostile values, in one place, for the fuzz test (tests/lead/test_fuzz_forms.py) and any test
of bad input. Each is posted into every field of every form."""

# Posted as typed (the fuzz test percent-encodes them).
TYPED = {
    "nul": "ab\x00cd",
    "escape control": "ab\x1bcd",
    "replacement character": "ab\ufffdcd",  # what a broken encoding becomes (see RAW)
    "right-to-left override": "Jordan\u202eseyeR",
    "direction isolate": "ab\u2066cd\u2069",
    "zero-width space": "Jor\u200bdan",
    "oversize": "x" * 100_001,
    "number past the database's range": "99999999999999999999",
    "negative number past the range": "-99999999999",
    "date in 1800": "1800-01-01",
    "date in 9999": "9999-12-31",
    "date and time in 9999": "9999-12-31T23:59",
}
# Sent as these bytes, percent-escaped, in a urlencoded body: a lone surrogate (not UTF-8).
RAW = {
    "lone surrogate": "ab%ED%A0%80cd",
}
# Characters that must never be stored, whatever the field (names refuse more: lead.validation).
# NUL is not among them: PostgreSQL can neither store it nor be asked for it (a stored NUL would
# have been a server error, which the fuzz test catches first).
NEVER_STORED = ("\x1b", "\ufffd", "\u202e", "\u2066", "\u2069")
# Which values go into which kind of input (by its HTML type), to keep the fuzz test short.
TEXT = (
    "nul",
    "escape control",
    "replacement character",
    "right-to-left override",
    "direction isolate",
    "zero-width space",
    "oversize",
    "lone surrogate",
)
DATES = ("nul", "oversize", "date in 1800", "date in 9999", "date and time in 9999", "lone surrogate")
NUMBERS = (
    "nul",
    "oversize",
    "number past the database's range",
    "negative number past the range",
    "replacement character",
)
CHOICES = ("nul", "oversize", "number past the database's range", "lone surrogate")
HIDDEN = (
    "nul",
    "oversize",
    "number past the database's range",
    "negative number past the range",
    "lone surrogate",
    "right-to-left override",
)
BY_INPUT_TYPE = {
    "text": TEXT,
    "textarea": TEXT,
    "email": TEXT,
    "tel": TEXT,
    "password": TEXT,
    "search": TEXT,
    "url": TEXT,
    "date": DATES,
    "datetime-local": DATES,
    "time": DATES,
    "month": DATES,
    "number": NUMBERS,
    "select": CHOICES,
    "radio": CHOICES,
    "checkbox": CHOICES,
    "hidden": HIDDEN,
    "submit": CHOICES,
}


def values_for(input_type: str | None) -> list[str]:
    """The hostile values for an input of this type, percent-encoded for a urlencoded body; every
    value when the type is not known."""
    from urllib.parse import quote

    names = BY_INPUT_TYPE.get(input_type or "", tuple(TYPED) + tuple(RAW))
    return [RAW[name] if name in RAW else quote(TYPED[name]) for name in names]


# A stored date outside this many years around today is implausible anywhere in the application.
PLAUSIBLE_YEARS = (111, 11)
