from django.apps import AppConfig


class LibConfig(AppConfig):
    """App-neutral helpers. An app only so its management commands are found; no models."""

    name = "sigap.lib"
    verbose_name = "Pustaka bersama"
