"""Objects named in URLs, for the permission matrix: how to make one that belongs to a persona's
own agency, one of another agency, and the URL arguments of each. Later features add their kinds."""

import uuid
from dataclasses import dataclass
from typing import Callable

from tests.factories import AgencyFactory


@dataclass(frozen=True)
class ObjectKind:
    own: Callable  # (persona) -> object within the persona's scope
    other: Callable  # () -> object of another agency
    kwargs: Callable  # (object) -> URL kwargs
    missing_kwargs: Callable  # () -> URL kwargs of an object that does not exist


OBJECT_KINDS = {
    "agency": ObjectKind(
        own=lambda persona: persona.agency,
        other=lambda: AgencyFactory(),
        kwargs=lambda agency: {"public_id": agency.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
}
