"""One built production on the featured case (fictional): the recanting eyewitness's declaration
and the tip sheet's caller redacted for her safety, numbered for defense counsel."""

from __future__ import annotations

from habeas.cases.models import Case
from habeas.demo.writer import DemoWriter
from habeas.disclosure.services.productions import (
    production_build,
    production_build_job,
    production_create,
    production_documents_add,
)
from habeas.disclosure.services.redactions import redaction_add
from habeas.documents.models import Document


def demo_production_add(w: DemoWriter, case: Case, actor: str) -> None:
    user = w.user(actor)
    documents = list(Document.objects.filter(case=case, parent__isnull=True).order_by("name"))
    declaration = next((d for d in documents if d.name.startswith("Declaration")), None)
    if declaration is None:
        return
    redaction_add(
        actor=user,
        case_ref=case.ref,
        document_id=declaration.pk,
        reason="safety",
        text="Long Beach",
        note="Where the witness lives now; she has asked that it not be disclosed.",
    )
    production = production_create(
        actor=user,
        case_ref=case.ref,
        name="Brady disclosure: eyewitness recantation",
        recipient_name="Office of the Alternate Public Defender (fictional)",
        recipient_kind="defense_counsel",
        obligation="brady",
        bates_prefix="CIU",
        legend="CONFIDENTIAL",
        cover_note="The enclosed declaration bears on the reliability of the identification.",
    )
    texts = [d for d in documents if d.name.endswith(".txt")][:2]
    production_documents_add(
        actor=user,
        case_ref=case.ref,
        production_id=production.pk,
        document_ids=[declaration.pk, *(d.pk for d in texts)],
    )
    production_build(actor=user, case_ref=case.ref, production_id=production.pk)
    production_build_job(production.pk)  # now, so the demo opens with a built production
