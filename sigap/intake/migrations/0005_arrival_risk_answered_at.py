"""Each report keeps the risk it arrived with and when staff first answered it, for
the figures (issue 8). Filled here from the routings and, for a report intake closed
without routing it, from the note report_close writes; the cases and counselling
apps add the openings of cases and consultations (their migrations after this one)."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    RoutingDecision = apps.get_model("intake", "RoutingDecision")
    ReportMessage = apps.get_model("intake", "ReportMessage")
    routings = RoutingDecision.objects.filter(report=OuterRef("pk")).order_by("at", "id")
    Report.objects.update(
        arrival_risk=Coalesce(Subquery(routings.values("risk")[:1]), F("risk")),
        answered_at=Subquery(routings.filter(actor__isnull=False).values("at")[:1]),
    )
    # report_close leaves an internal note by the member of staff who closed it.
    notes = ReportMessage.objects.filter(report=OuterRef("pk"), direction="internal", author__isnull=False)
    Report.objects.filter(status="closed", answered_at__isnull=True).update(
        answered_at=Subquery(notes.order_by("-at", "-id").values("at")[:1])
    )


class Migration(migrations.Migration):
    # Each step commits on its own: the indexes built after the fill then hold only the
    # rows' new versions (inside one transaction they would index the old ones too).
    atomic = False

    dependencies = [
        ("intake", "0004_waiting_queue"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="arrival_risk",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                default="",
                editable=False,
                max_length=6,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="report",
            name="answered_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, atomic=True),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=[
                    "unit",
                    "received_at",
                    "id",
                    "queue",
                    "categories",
                    "risk",
                    "arrival_risk",
                    "answered_at",
                    "channel",
                    "village",
                    "outside_city",
                    "subject_sex",
                    "subject_age_band",
                    "tpks_police_due_at",
                    "tpks_police_done_at",
                ],
                name="report_figures_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=~models.Q(status="closed"),
                fields=["unit", "id", "answered_at", "response_due_at", "tpks_police_due_at", "tpks_police_done_at"],
                name="report_open_idx",
            ),
        ),
    ]
