from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """UU PDP duties across every app: retention, data-subject requests, breaches,
    backups. Like reporting, it reads all apps and is imported by none."""

    name = "sigap.privacy"
    verbose_name = "Pelindungan data pribadi"
