from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sigap.notifications"
    verbose_name = "Notifikasi"
