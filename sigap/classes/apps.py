from django.apps import AppConfig


class ClassesConfig(AppConfig):
    name = "sigap.classes"
    verbose_name = "Kelas dan sertifikat"
