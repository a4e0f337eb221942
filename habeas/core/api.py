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
from pydantic import AfterValidator, BeforeValidator, ConfigDict


def _iso_date(value: object) -> object:
    """Only ISO 8601 strings (pydantic alone would also read numbers as Unix timestamps)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("Give the date as an ISO 8601 string, YYYY-MM-DD.")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
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
    """A request body: an unknown (e.g. misspelt) field is a 422, never silently ignored."""

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
