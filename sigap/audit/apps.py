from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sigap.audit"
    verbose_name = "Log akses"
