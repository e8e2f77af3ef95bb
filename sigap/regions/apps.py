from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RegionsConfig(AppConfig):
    name = "sigap.regions"
    verbose_name = "Wilayah administrasi"

    def ready(self):
        from sigap.regions.models import Region
        from sigap.regions.selectors import village_choices_clear

        post_save.connect(village_choices_clear, sender=Region, dispatch_uid="village_choices_clear_save")
        post_delete.connect(village_choices_clear, sender=Region, dispatch_uid="village_choices_clear_delete")
