from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "habeas.deadlines"
    label = "deadlines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from habeas.core.labels import DEADLINE_STATUS, labels_register
        from habeas.deadlines.case_facts import case_facts_install
        from habeas.domain.deadlines import TRIGGER_WORDS

        labels_register("deadline_trigger", TRIGGER_WORDS)
        labels_register(
            DEADLINE_STATUS, {"overdue": "overdue", "due_soon": "due soon", "ok": "on time"}
        )
        case_facts_install()
