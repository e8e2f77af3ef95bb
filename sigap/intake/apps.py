from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "sigap.intake"
    verbose_name = "Pengaduan dan triase"

    def ready(self):
        from sigap.intake import checks  # noqa: F401  (registers the system checks)
