from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "sigap.cadres"
    verbose_name = "Kader"
