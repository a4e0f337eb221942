"""Review runs on the background queue (web and API start them; `habeas review run` runs inline)."""

from __future__ import annotations

from django_tasks import task

from habeas.core.context import acting_from


@task()
def review_execute_task(run_id: int) -> None:
    from habeas.systemic.services import review_execute

    with acting_from("task", "worker"):
        review_execute(run_id=run_id)
