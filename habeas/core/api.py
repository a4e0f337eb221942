"""What every router of /api/v1 shares: request-body bases, date types, and the documented error
answers. The API object itself (authentication, error mapping) is ``habeas/api.py``.

Who checks what: a schema checks only the JSON *types* of a request (a string where a string goes,
an ISO 8601 date, a boolean, no unknown fields) and a wrong type answers 422; rules about *values*
are checked by the services (the same forms the web uses) and answer 400 with every field's error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, StrictBool

# Dates a case can carry: far wider than any real record, narrow enough that every store, index and
# export (some count nanoseconds from 1970 in 64 bits: 1677-2262) can hold them.
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
# Pages beyond this are refused: an offset of page * page_size must stay a small SQL integer.
MAX_PAGE = 100_000


def _iso_date(value: object) -> object:
    """Only ISO 8601 strings (pydantic alone would also read numbers as Unix timestamps)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("Give the date as an ISO 8601 string, YYYY-MM-DD.") from None
    else:
        raise ValueError("Give the date as an ISO 8601 string, YYYY-MM-DD.")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"Give a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}."
        )
    return day


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    Field(description=f"YYYY-MM-DD, from {EARLIEST_DATE.year} to {LATEST_DATE.year}"),
]
# A page number of a listing: 1 to MAX_PAGE (a larger one is a 422, not a database overflow).
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, description="1 is the first page")]
# A database id sent in a body: positive and within a 64-bit column (beyond it a 422, not an
# overflow in the database driver).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
# true or false only: never 0/1 or "yes" (pydantic's lax mode would read those).
Flag = StrictBool
# Moments go out in UTC, whatever time zone the object in hand carries.
UtcDateTime = Annotated[dt.datetime, AfterValidator(lambda value: value.astimezone(dt.UTC))]


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Field name (``section.field`` for intake sections) to its messages.",
    )


def _document_required(schema: dict[str, Any], cls: type[Any]) -> None:
    required = list(getattr(cls, "form_required", ()))
    if required:
        schema["required"] = required
    else:
        schema.pop("required", None)


class Body(Schema):
    """A request body: an unknown (e.g. misspelt) field is a 422, never silently ignored. Booleans
    are ``Flag`` (``0`` or ``"yes"`` is refused, not converted)."""

    model_config = ConfigDict(extra="forbid")


class FormBody(Body):
    """A request body whose values a Django form validates (see the module docstring)."""

    model_config = ConfigDict(json_schema_extra=_document_required)
    form_required: ClassVar[tuple[str, ...]] = ()


# Documented error answers, all shaped {"detail", "fields"}; 404 never says whether a thing exists.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
