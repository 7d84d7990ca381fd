"""What text, dates and numbers the application accepts: the validators shared by every form
(lead.forms.BoundedForm applies them) and by the models that services write.

Three kinds of text are refused, each with its own code so a view can tell an attack from a typo
(`HOSTILE_CODES`):
- control characters (NUL and the like; tab and line breaks are fine): nobody types them, and
  PostgreSQL cannot even store NUL;
- unreadable characters: a broken encoding (a lone surrogate such as %ED%A0%80) reaches Django as
  U+FFFD, the replacement character, which nobody types either;
- characters that change the direction of text (right-to-left override, isolates): in a name or
  a note they make text read differently from what is stored ("Trojan source").
Names refuse every invisible formatting character as well (zero-width space and joiners, the
byte-order mark, soft hyphen, direction marks: Unicode category Cf), so that two different
stored names cannot look the same on a page."""

import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# PostgreSQL's integer column (and Django's IntegerField/PositiveIntegerField): a number past it
# is refused by the database, so it is refused by the form first.
INT_MIN, INT_MAX = -2_147_483_648, 2_147_483_647

ALLOWED_CONTROLS = frozenset("\t\n\r")
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
UNREADABLE = frozenset("\ufffd\ufffe\uffff")

CONTROL, BROKEN, DIRECTION, INVISIBLE = (
    "control_character",
    "unreadable_character",
    "direction_character",
    "invisible_character",
)
# Codes no typing produces: posted on purpose (or by a broken client); sign-in logs them as an attack.
HOSTILE_CODES = frozenset({CONTROL, BROKEN, DIRECTION, INVISIBLE, "null_characters_not_allowed"})

MESSAGES = {
    CONTROL: "This contains a control character (such as NUL) that cannot be typed. Remove it and try again.",
    BROKEN: "Some characters could not be read: they were sent in a broken encoding. Type them again.",
    DIRECTION: "This contains an invisible character that changes the direction of text (such as a right-to-left "
    "override). Remove it and try again.",
    INVISIBLE: "Names cannot contain invisible characters (such as a zero-width space or a right-to-left mark). "
    "Type the name again without them.",
}


def _problem(char: str, *, name: bool) -> str | None:
    category = unicodedata.category(char)
    if category == "Cc" and char not in ALLOWED_CONTROLS:
        return CONTROL
    if category == "Cs" or char in UNREADABLE:
        return BROKEN
    if char in DIRECTION_CONTROLS:
        return DIRECTION
    if name and category == "Cf":
        return INVISIBLE
    return None


def text_problem(value: str, *, name: bool = False) -> str | None:
    """The code of the first kind of character `value` may not hold, or None."""
    if value.isascii():  # the common case, and ASCII holds no Cf or surrogates
        return CONTROL if any((c < " " and c not in ALLOWED_CONTROLS) or c == "\x7f" for c in value) else None
    return next((p for p in (_problem(c, name=name) for c in value) if p), None)


def validate_text(value) -> None:
    """Any text typed into the application."""
    if isinstance(value, str) and (code := text_problem(value)):
        raise ValidationError(MESSAGES[code], code=code)


def validate_name(value) -> None:
    """A person's name or aliases: no invisible characters either."""
    if isinstance(value, str) and (code := text_problem(value, name=True)):
        raise ValidationError(MESSAGES[code], code=code)


def printable(value: str) -> str:
    """`value` with every character a validator would refuse written as its code point, for the
    access log: an attempt is logged as it came, but nothing unstorable or misleading is stored."""
    if not value or not text_problem(value, name=True):
        return value
    return "".join(f"\\u{ord(c):04x}" if _problem(c, name=True) else c for c in value)


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29th
        return day.replace(year=day.year + years, day=28)


def _spoken(day: date, today: date) -> str:
    return "today" if day == today else f"{day:%B} {day.day}, {day.year}"


@deconstructible
class DateWindow:
    """A date (or the local date of a date and time) from `years_back` years before today to
    `years_ahead` after, worked out when the value is checked (never at import). `years_ahead`
    None leaves the later side to the form, whose own message is more helpful there."""

    def __init__(self, *, years_back: int, years_ahead: int | None, what: str = "The date"):
        self.years_back, self.years_ahead, self.what = years_back, years_ahead, what

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        latest = date.max if self.years_ahead is None else _shift_years(today, self.years_ahead)
        return _shift_years(today, -self.years_back), latest

    def __call__(self, value) -> None:
        if value is None:
            return
        day = timezone.localtime(value).date() if isinstance(value, datetime) and timezone.is_aware(value) else value
        day = day.date() if isinstance(day, datetime) else day
        today = timezone.localdate()
        earliest, latest = self.bounds(today)
        if day > latest and self.years_ahead == 0:
            raise ValidationError(f"{self.what} cannot be in the future.", code="date_window")
        if day < earliest and self.years_back == 0:
            raise ValidationError(f"{self.what} cannot be in the past.", code="date_window")
        if not earliest <= day <= latest:
            raise ValidationError(
                f"{self.what} must be between {_spoken(earliest, today)} and {_spoken(latest, today)}.",
                code="date_window",
            )

    def __eq__(self, other):
        return isinstance(other, DateWindow) and (self.years_back, self.years_ahead, self.what) == (
            other.years_back,
            other.years_ahead,
            other.what,
        )


# Windows people expect for what a date records. A record of the past stays open a few years
# back (paper records entered late); plans look ahead a year or so.
ANY_DATE = DateWindow(years_back=100, years_ahead=10)  # a date field that says nothing more
BIRTH_DATE = DateWindow(years_back=110, years_ahead=0, what="The date of birth")
NEAR_FUTURE = DateWindow(years_back=1, years_ahead=2)  # appointments, due dates, meetings, court dates
