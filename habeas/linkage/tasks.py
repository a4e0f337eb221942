"""Linkage runs on the background queue (web and API start them; `habeas link run` runs inline)."""

from __future__ import annotations

from django_tasks import task

from habeas.core.context import acting_from


@task()
def link_execute_task(run_id: int) -> None:
    from habeas.linkage.services import link_execute

    with acting_from("task", "worker"):
        link_execute(run_id=run_id)
