from django.apps import AppConfig


class ConsultationBlocksConfig(AppConfig):
    name = "consultation_blocks"
    verbose_name = "Consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import system_checks  # noqa: F401  (registers the checks)
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
