"""The records one organization's linkage run compares, as one Arrow table for ``person_link``.

Keys are stable across runs (decisions refer to them):

- ``p<id>``: a Person record (officers, analysts, witnesses… of the organization);
- ``a<id>.<n>``: the n-th alias of Person <id>, always linked to it;
- ``m<id>``: a person name confirmed from a document (Mention), always linked to its Person;
- ``y<id>``: the applicant or a co-defendant of a case (Party);
- ``ba:<hash>``: one name in the officers, analysts or witnesses columns of the bulk records,
  with its agency, counted over every row that names it;
- ``bd:<file>:<row>``: the defendant of one bulk conviction record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from habeas.accounts.models import Organization
from habeas.cases.models import CasePerson, Party, Person
from habeas.documents.models import Mention, MentionStatus
from habeas.domain.systemic import bulk_connect
from habeas.linkage.models import RecordSource

# Roles are compared as families: a detective on one case and an officer on another may be one person.
ROLE_FAMILY = {
    "detective": "police",
    "officer": "police",
    "prosecutor": "prosecutor",
    "defense_counsel": "defense",
    "judge": "judge",
    "eyewitness": "witness",
    "other_witness": "witness",
    "informant": "informant",
    "forensic_analyst": "analyst",
    "alternate_suspect": "suspect",
    "applicant": "defendant",
    "co_defendant": "defendant",
}
BULK_FIELDS = {"officers": "police", "analysts": "analyst", "witnesses": "witness"}
CASE_SIDE = frozenset(
    {RecordSource.PERSON, RecordSource.ALIAS, RecordSource.MENTION, RecordSource.PARTY}
)

SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("source", pa.string()),
        ("first_name", pa.string()),
        ("last_name", pa.string()),
        ("full_name", pa.string()),
        ("dob", pa.date32()),
        ("badge", pa.string()),
        ("agency", pa.string()),
        ("role", pa.string()),
        # Not compared: what the stored record shows.
        ("name", pa.string()),
        ("person_id", pa.int64()),
        ("case_id", pa.int64()),
        ("detail", pa.string()),
    ]
)


@dataclass
class Collected:
    table: pa.Table
    must_link: list[tuple[str, str]] = field(
        default_factory=list
    )  # structural: alias/mention -> person
    counts: dict[str, int] = field(default_factory=dict)


def person_key(person_id: int) -> str:
    return f"p{person_id}"


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _aliases(raw: str) -> list[str]:
    return [a.strip() for a in raw.replace(",", ";").split(";") if a.strip()]


def _case_side(org: Organization) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    rows: list[dict[str, Any]] = []
    must: list[tuple[str, str]] = []
    roles: dict[int, Counter[str]] = {}
    for person_id, appearance_role in CasePerson.objects.filter(
        person__organization=org
    ).values_list("person_id", "role"):
        roles.setdefault(person_id, Counter())[
            ROLE_FAMILY.get(appearance_role, appearance_role)
        ] += 1
    people = Person.objects.filter(organization=org).values_list(
        "pk", "first_name", "last_name", "aliases", "date_of_birth", "badge_number", "agency"
    )
    for pk, first, last, aliases, dob, badge, agency in people.iterator(chunk_size=5000):
        role = roles[pk].most_common(1)[0][0] if pk in roles else None
        name = " ".join(p for p in (first, last) if p)
        base = {
            "dob": dob,
            "badge": _text(badge),
            "agency": _text(agency),
            "role": role,
            "person_id": pk,
        }
        rows.append(
            {
                **base,
                "record_id": person_key(pk),
                "source": RecordSource.PERSON.value,
                "first_name": _text(first),
                "last_name": _text(last),
                "name": name,
            }
        )
        for n, alias in enumerate(_aliases(aliases), 1):
            key = f"a{pk}.{n}"
            rows.append(
                {
                    **base,
                    "record_id": key,
                    "source": RecordSource.ALIAS.value,
                    "full_name": alias,
                    "name": alias,
                    "detail": json.dumps({"alias_of": name}),
                }
            )
            must.append((key, person_key(pk)))
    mentions = Mention.objects.filter(
        case__organization=org,
        kind="person",
        status=MentionStatus.CONFIRMED,
        case_person__isnull=False,
    ).values_list(
        "pk",
        "value",
        "badge",
        "agency",
        "case_person__role",
        "case_person__person_id",
        "case_id",
        "page__document__name",
        "page__number",
    )
    for pk, value, badge, agency, role, person_id, case_id, doc, page in mentions.iterator(
        chunk_size=5000
    ):
        key = f"m{pk}"
        rows.append(
            {
                "record_id": key,
                "source": RecordSource.MENTION.value,
                "full_name": value,
                "name": value,
                "badge": _text(badge),
                "agency": _text(agency),
                "role": ROLE_FAMILY.get(role, role),
                "person_id": person_id,
                "case_id": case_id,
                "detail": json.dumps({"document": doc, "page": page}),
            }
        )
        must.append((key, person_key(person_id)))
    parties = Party.objects.filter(
        case__organization=org, kind__in=[Party.Kind.APPLICANT, Party.Kind.CO_DEFENDANT]
    ).values_list("pk", "first_name", "last_name", "date_of_birth", "kind", "case_id")
    for pk, first, last, dob, kind, case_id in parties.iterator(chunk_size=5000):
        rows.append(
            {
                "record_id": f"y{pk}",
                "source": RecordSource.PARTY.value,
                "first_name": _text(first),
                "last_name": _text(last),
                "dob": dob,
                "role": ROLE_FAMILY.get(kind, kind),
                "name": " ".join(p for p in (first, last) if p),
                "case_id": case_id,
                "detail": json.dumps({"kind": kind}),
            }
        )
    return rows, must


def _bulk_side(store: Path, defendants: bool) -> pa.Table | None:
    if not (store / "records").is_dir() or not any((store / "records").glob("*.parquet")):
        return None
    con = bulk_connect(store)
    try:
        actors = " UNION ALL ".join(
            # Only officers carry the record's agency: analysts and witnesses are not of the arresting agency.
            f"SELECT '{column}' AS field, '{family}' AS role, trim(w) AS written, "
            f"{'agency' if column == 'officers' else 'CAST(NULL AS VARCHAR)'} AS agency, docket, import_sha256 "
            f"FROM (SELECT unnest({column}) AS w, agency, docket, import_sha256 FROM records WHERE len({column}) > 0)"
            for column, family in BULK_FIELDS.items()
        )
        # One record per name and agency as spelt, whatever the case ("DET. ANN KESSLER" and
        # "Det. Ann Kessler" are one record, written as its first spelling): the record id is built
        # from the same lower-cased key the rows are grouped by, so ids are unique.
        grouped = f"""
            SELECT field, role, lower(written) AS name_key, lower(coalesce(agency, '')) AS agency_key,
                   written, agency, docket, import_sha256
            FROM ({actors}) WHERE written <> ''
        """
        parts = [
            f"""
            SELECT 'ba:' || left(md5(field || '|' || name_key || '|' || agency_key), 16) AS record_id,
                   '{RecordSource.BULK_ACTOR.value}' AS source, CAST(NULL AS VARCHAR) AS first_name,
                   CAST(NULL AS VARCHAR) AS last_name,
                   -- "Raymond Kessler #14237", "Det. Ann Roe (badge 311)": the number is a badge, not a name
                   trim(regexp_replace(min(written), '[(]?\\s*(#|\\bbadge\\s*#?|\\bno\\.?)\\s*[0-9]+\\s*[)]?', '', 'gi')) AS full_name,
                   CAST(NULL AS DATE) AS dob,
                   nullif(regexp_extract(min(written), '(#|\\bbadge\\s*#?|\\bno\\.?)\\s*([0-9]+)', 2, 'i'), '') AS badge, min(agency) AS agency, role, min(written) AS name,
                   CAST(NULL AS BIGINT) AS person_id, CAST(NULL AS BIGINT) AS case_id,
                   to_json({{'field': field, 'rows': count(*), 'files': count(DISTINCT import_sha256),
                            'dockets': list(DISTINCT docket ORDER BY docket)[1:5]}}) AS detail
            FROM ({grouped})
            GROUP BY field, role, name_key, agency_key
        """
        ]
        if defendants:
            parts.append(f"""
            SELECT 'bd:' || left(import_sha256, 12) || ':' || CAST(source_record AS VARCHAR), '{RecordSource.BULK_DEFENDANT.value}',
                   first_name, last_name, CASE WHEN first_name IS NULL AND last_name IS NULL THEN defendant END, dob,
                   NULL, NULL, 'defendant', coalesce(defendant, concat_ws(' ', first_name, last_name)), NULL, NULL,
                   to_json({{'file': import_sha256, 'row': source_record, 'docket': docket, 'court': court,
                            'offense': offense, 'conviction_date': CAST(conviction_date AS VARCHAR)}})
            FROM records
            """)
        table = con.sql(" UNION ALL ".join(parts)).to_arrow_table()
    finally:
        con.close()
    return table.rename_columns(SCHEMA.names).cast(SCHEMA)


def records_collect(org: Organization, store: Path, *, bulk_defendants: bool = True) -> Collected:
    rows, must = _case_side(org)
    tables = [
        pa.Table.from_pylist(
            [{name: row.get(name) for name in SCHEMA.names} for row in rows], schema=SCHEMA
        )
    ]
    bulk = _bulk_side(store, bulk_defendants)
    if bulk is not None:
        tables.append(bulk)
    table = pa.concat_tables(tables)
    counts = {
        str(v["values"]): int(v["counts"])
        for v in table.column("source").value_counts().to_pylist()
    }
    return Collected(table=table, must_link=must, counts=dict(sorted(counts.items())))


def case_side_keys(keys: Iterable[str]) -> set[str]:
    """The keys that come from the case database (not from bulk files)."""
    return {k for k in keys if not k.startswith("b")}
