from django.apps import AppConfig


class CounselingConfig(AppConfig):
    name = "sigap.counseling"
    verbose_name = "Konseling Puspaga"
