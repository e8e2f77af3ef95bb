"""A cadre keeps the day they left the registry (`left_on`), from which retention
counts, and when retention released their person (`anonymised_at`). A cadre who had
already left has no such day: they get the day of the last change recorded on their
entry in the access log (the change that ended them, or a later one), or today when
the log holds none, so no clock starts earlier than the cadre may have left."""

from django.db import migrations, models
from django.utils import timezone


def fill_left_on(apps, schema_editor):
    Cadre = apps.get_model("cadres", "Cadre")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    today = timezone.localdate()
    for cadre in Cadre.objects.filter(status="ended", left_on__isnull=True):
        last_change = (
            AuditEvent.objects.filter(
                target_type="cadres.cadre", target_id=str(cadre.pk), action__in=["create", "change"]
            )
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        cadre.left_on = timezone.localdate(last_change) if last_change else today
        cadre.save(update_fields=["left_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_anonymise_action"),
        ("cadres", "0002_outreachactivity_anonymised_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="cadre",
            name="left_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="cadre",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_left_on, migrations.RunPython.noop),
    ]
