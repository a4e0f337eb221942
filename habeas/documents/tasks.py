"""Background jobs (django-tasks: the database backend by default, so no broker is needed and
workers scale out on PostgreSQL with `habeas worker`)."""

from __future__ import annotations

from django_tasks import task

from habeas.core.context import acting_from


@task()
def document_process_task(document_id: int) -> None:
    from habeas.documents.services.ingest import document_process

    with acting_from("task", "worker"):
        document_process(document_id)
