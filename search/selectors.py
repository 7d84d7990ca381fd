"""The search's queries: one per kind of result the user may open, each through the same scoped
selector as the kind's own pages (cases_visible_to, referrals_visible_to, screenings_visible_to,
criminal_cases_visible_to, engaged_cases), so a search never finds what its page would not show.

Names are matched on the participants' normalised names (cases.ParticipantName: legal name and
aliases, unaccented and casefolded by cases.selectors.name_key; the search's words go through
the same function). On PostgreSQL each word is compared with pg_trgm's word similarity to both
the last and the first name, from GIN trigram indexes (search/migrations/0001), so a typo or
two and swapped names still match, best match first. SQLite (the demo) has no trigrams: a word
must be the start of a last or first name. Docs: docs/search.md."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Greatest

from cases.models import ParticipantName
from cases.selectors import cases_visible_to, referrals_visible_to
from eligibility.selectors import screenings_visible_to
from lead import access
from outreach.selectors import engaged_cases
from owg.selectors import criminal_cases_visible_to
from search.terms import Terms

# Rows shown of each kind: enough to spot the person, few enough to read on a phone. One more is
# fetched to know there are more.
PER_KIND = 20
# pg_trgm's word similarity from which a word counts as the same name: "Ngyuen" is 0.29 like
# "Nguyen", "Witfeld" 0.29 like "Whitfield"; unrelated names of the same length are below 0.2.
WORD_SIMILARITY = 0.25


class WordSimilar(Func):
    """`word <% key`: the key holds a word like `word` (word similarity at least
    pg_trgm.word_similarity_threshold), answered from the key's GIN trigram index."""

    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def similarity_threshold_set() -> None:
    """The threshold of `<%` for this transaction (the request's: ATOMIC_REQUESTS), one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(WORD_SIMILARITY)])


def names_like(words: tuple[str, ...]) -> QuerySet[ParticipantName]:
    """The names (legal names and aliases) where every word is like the last or the first name,
    whichever order they were typed in; `score` from 0 to 1, 1 for the same name."""
    if on_postgresql():
        each = [WordSimilar(Value(w), F("last_key")) | WordSimilar(Value(w), F("first_key")) for w in words]
        scores = [Greatest(TrigramWordSimilarity(w, "last_key"), TrigramWordSimilarity(w, "first_key")) for w in words]
    else:
        each = [Q(last_key__startswith=w) | Q(first_key__startswith=w) for w in words]
        scores = [
            Case(When(Q(last_key=w) | Q(first_key=w), then=Value(1.0)), default=Value(0.5), output_field=FloatField())
            for w in words
        ]
    score = reduce(lambda a, b: a + b, scores) / Value(float(len(words)))
    return ParticipantName.objects.filter(reduce(and_, each)).annotate(score=score)


def person_matches(queryset: QuerySet, terms: Terms, path: str = "participant") -> tuple[Q | None, QuerySet]:
    """The condition "the record's participant (at `path`) has this name and date of birth", and
    the queryset annotated with the participant's best name score (`score`)."""
    if not (terms.words or terms.date_of_birth):
        return None, queryset
    condition = Q()
    if terms.date_of_birth:
        condition &= Q(**{f"{path}__date_of_birth": terms.date_of_birth})
    if terms.words:
        names = names_like(terms.words)
        condition &= Q(**{f"{path}__in": names.values("participant")})
        best = names.filter(participant=OuterRef(path)).order_by("-score").values("score")[:1]
        queryset = queryset.annotate(score=Subquery(best, output_field=FloatField()))
    return condition, queryset


def _number(field: str, terms: Terms) -> Q | None:
    return Q(**{f"{field}__iexact": terms.number}) if terms.number else None


def _found(queryset: QuerySet, conditions: list[Q | None], terms: Terms, order: tuple[str, ...]) -> list:
    wanted = [c for c in conditions if c is not None]
    if not wanted:
        return []
    if "score" in queryset.query.annotations:
        order = (F("score").desc(nulls_last=True), "participant__last_name", "participant__first_name", *order)
    return list(queryset.filter(reduce(or_, wanted)).order_by(*order)[: PER_KIND + 1])


# One function a kind: (user, terms) -> the records found. ------------------------------------


def people_found(user, terms: Terms) -> list:
    """Cases: a case manager's provider's, every case for the director; an outreach
    specialist's assigned participants (their page shows no report number)."""
    if access.allows(user, "cases:case-detail"):
        match, cases = person_matches(cases_visible_to(user), terms)
        numbers = [
            _number("referral__crime_report_number", terms),
            _number("referral__screening__report_number", terms),
        ]
        return _found(cases, [match, *numbers], terms, ("-opened_at", "-pk"))
    match, cases = person_matches(engaged_cases(user).select_related("participant", "case_manager"), terms)
    return _found(cases, [match], terms, ("-opened_at", "-pk"))


def referrals_found(user, terms: Terms) -> list:
    match, referrals = person_matches(referrals_visible_to(user).select_related("screening"), terms)
    numbers = [_number("crime_report_number", terms), _number("screening__report_number", terms)]
    return _found(referrals, [match, *numbers], terms, ("-created_at", "-pk"))


def screenings_found(user, terms: Terms) -> list:
    """Screenings name no person: found by report number only."""
    return _found(screenings_visible_to(user), [_number("report_number", terms)], terms, ("-screened_at", "-pk"))


def criminal_cases_found(user, terms: Terms) -> list:
    match, cases = person_matches(criminal_cases_visible_to(user), terms)
    return _found(cases, [match, _number("case_number", terms)], terms, ("-created_at", "-pk"))


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    # The record's page: results of the kind are searched for those who may open it.
    url_name: str
    found: Callable
    # Another page that opens the kind for other roles (the outreach specialist's participant).
    or_url_name: str = ""


KINDS = (
    Kind("people", "People and cases", "cases:case-detail", people_found, or_url_name="outreach:participant"),
    Kind("referrals", "Referrals", "cases:referral-detail", referrals_found),
    Kind("screenings", "Screenings", "eligibility:screening-detail", screenings_found),
    Kind("criminal_cases", "Criminal cases", "owg:criminal-case", criminal_cases_found),
)


def kinds_for(user) -> list[Kind]:
    """The kinds whose pages the user may open: none for the PCG, the community engagement
    coordinator and the site administrator, whose work names no person."""
    return [
        k for k in KINDS if access.allows(user, k.url_name) or (k.or_url_name and access.allows(user, k.or_url_name))
    ]


@dataclass(frozen=True)
class Group:
    kind: Kind
    # The page each row links to, which looks the record up through the same selector.
    url_name: str
    rows: list
    more: bool


def search(user, terms: Terms) -> list[Group]:
    """The records of each kind the user may open that match `terms`, best match first, at most
    PER_KIND of each: one query a kind (and one to set the similarity threshold), whatever the
    number of records."""
    kinds = kinds_for(user)
    if terms.empty or not kinds:
        return []
    if terms.words and on_postgresql():
        similarity_threshold_set()
    groups = []
    for kind in kinds:
        rows = kind.found(user, terms)
        url_name = kind.url_name if access.allows(user, kind.url_name) else kind.or_url_name
        groups.append(Group(kind=kind, url_name=url_name, rows=rows[:PER_KIND], more=len(rows) > PER_KIND))
    return groups
