"""Deterministic demo data: two organizations, a login for every role, a featured case and about
fifty more. Everything is written through the services (validation and audit apply), inside one
transaction, as the "system/demo" source. All people are fictional."""

from __future__ import annotations

import random

from django.db import transaction

from habeas.accounts.models import Organization
from habeas.core.context import acting_from
from habeas.demo.accounts import (
    CIU,
    CLINIC,
    DEMO_ORGS,
    DemoLogin,
    demo_accounts_create,
    demo_logins,
)
from habeas.demo.cases import demo_saved_filters, generated_cases_create
from habeas.demo.credibility import demo_credibility_list
from habeas.demo.disclosure import demo_production_add
from habeas.demo.documents import demo_documents_add
from habeas.demo.featured import featured_case_create, featured_outcome_code
from habeas.demo.linkage import demo_person_linkage
from habeas.demo.systemic import demo_systemic_review
from habeas.demo.writer import DemoWriter

SEED = 20001231


def demo_present() -> bool:
    return Organization.objects.filter(code__in=[o.code for o in DEMO_ORGS]).exists()


def demo_load() -> list[DemoLogin]:
    """Load the demo data into an empty database and return the demo logins."""
    rng = random.Random(SEED)
    with acting_from("system", "demo"), transaction.atomic():
        writer = DemoWriter(users=demo_accounts_create())
        writer.pool_create(org_code=CIU.code, actor="ciu_investigator")
        writer.pool_create(org_code=CLINIC.code, actor="pic_investigator")
        featured = featured_case_create(writer)
        demo_documents_add(writer, featured, actor="ciu_investigator")
        demo_production_add(writer, featured, actor="ciu_attorney")
        featured_outcome_code(writer, featured)
        demo_systemic_review(writer, rng)
        generated_cases_create(writer, rng)
        demo_saved_filters(writer)
        demo_person_linkage(writer)
        demo_credibility_list(writer)
    return demo_logins()
