from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "habeas.audit"
    label = "audit"

    def ready(self) -> None:
        from habeas.audit import checks  # noqa: F401 - registers the deploy check
        from habeas.audit.keys import audit_keys
        from habeas.audit.services import audit_refusal
        from habeas.core.refusals import refusal_listener_register

        audit_keys()  # a key file named but missing stops start-up here, before any row is written
        refusal_listener_register(audit_refusal)
