from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sigap.accounts"
    verbose_name = "Akun dan unit"

    def ready(self):
        from sigap.accounts import checks  # noqa: F401  (registers the system checks)
