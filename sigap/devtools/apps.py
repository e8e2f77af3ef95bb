from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "sigap.devtools"
    verbose_name = "Alat pengembang"
