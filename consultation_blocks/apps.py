from django.apps import AppConfig


class ConsultationBlocksConfig(AppConfig):
    name = "consultation_blocks"
    verbose_name = "Consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the app registry is ready: the signal handlers import the models,
        # which Django loads only after every app's config (importing them here at the
        # top would load models before the registry exists).
        from . import system_checks  # noqa: F401  (registers the checks)
        from .services import (  # noqa: F401  (register their personal data)
            contacts,
            panel,
            panel_surveys,
            personal_data_sources,
            registrations,
        )
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
