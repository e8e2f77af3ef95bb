from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sigap.people"
    verbose_name = "Indeks orang"
