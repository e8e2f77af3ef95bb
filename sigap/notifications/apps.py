from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sigap.notifications"
    verbose_name = "Notifikasi"

    def ready(self):
        from sigap.notifications import checks  # noqa: F401  (registers the system check)
