from django.apps import AppConfig


class ConsultationBlocksConfig(AppConfig):
    name = "consultation_blocks"
    verbose_name = "Consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
