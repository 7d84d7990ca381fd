"""What a search's text asks for: a name (words without digits), a date of birth in the forms
people write, a number (crime report, criminal case) and a case reference. One text can ask for
several: "Nguyen 3/7/1984" is a name and a date of birth, "1984-03-07" is a date and a number."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from cases.selectors import name_key

# A search is a few words typed into a box: the field's limit, and the server's.
MAX_LENGTH = 100
MIN_LENGTH = 2
# Words of a name compared at most: each is a condition of the query.
MAX_NAME_WORDS = 4

# Numeric dates, month first as in the United States: 3/7/1984, 03-07-84, 1984-03-07.
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))(?!\d)")
NUMERIC_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m-%d-%y", "%m.%d.%Y", "%m.%d.%y")
# Written dates, the whole text: "7 March 1984", "March 7 1984", "Mar 7th, 1984".
WRITTEN_FORMATS = ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y")
ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Terms:
    text: str
    # The name's words, normalised as the stored keys are (cases.selectors.name_key).
    words: tuple[str, ...] = ()
    date_of_birth: date | None = None
    # The text as a number or reference would be typed; empty when it holds no digit.
    number: str = ""

    @property
    def empty(self) -> bool:
        return not (self.words or self.date_of_birth or self.number)


def terms_of(text: str, *, today: date) -> Terms:
    """The terms of `text` (already checked for length and hostile characters by the form)."""
    text = " ".join(text.split())
    found = _written_date(text, today)
    rest = "" if found else text
    if found is None and (match := NUMERIC_DATE.search(text)):
        found = _numeric_date(match.group(1), today)
        if found:
            rest = text[: match.start()] + " " + text[match.end() :]
    # Words with a digit are numbers or references, not names ("HC-2026-0113").
    name_words = [word for word in rest.split() if not any(c.isdigit() for c in word)]
    words = tuple(w for w in name_key(" ".join(name_words)).split() if len(w) >= MIN_LENGTH)[:MAX_NAME_WORDS]
    number = text.strip() if any(c.isdigit() for c in text) else ""
    return Terms(text=text, words=words, date_of_birth=found, number=number)


def _written_date(text: str, today: date) -> date | None:
    plain = ORDINAL.sub("", text.replace(",", " "))
    plain = " ".join(plain.split())
    for fmt in WRITTEN_FORMATS:
        try:
            return _in_the_past(datetime.strptime(plain, fmt).date(), today, two_digit_year=False)
        except ValueError:
            continue
    return None


def _numeric_date(text: str, today: date) -> date | None:
    for fmt in NUMERIC_FORMATS:
        try:
            return _in_the_past(datetime.strptime(text, fmt).date(), today, two_digit_year=fmt.endswith("%y"))
        except ValueError:
            continue
    return None


def _in_the_past(day: date, today: date, *, two_digit_year: bool) -> date | None:
    """A birth date is in the past: a two-digit year Python reads as after today ("03/07/84" is
    1984, but "03/07/30" would be 2030) is a century earlier. No living person was born before 1900."""
    if two_digit_year and day > today:
        try:
            day = day.replace(year=day.year - 100)
        except ValueError:  # 29 February of a year that is not a leap year a century before
            return None
    return day if day.year >= 1900 else None
