"""Reports with a consultation are handed over: they leave the triage queue (issue 8)."""

from django.db import migrations


def hand_over(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    Consultation = apps.get_model("counseling", "Consultation")
    with_consultation = Consultation.objects.filter(report__isnull=False).values("report_id")
    Report.objects.filter(pk__in=with_consultation, status__in=["new", "triaged"]).update(status="handed")


class Migration(migrations.Migration):
    dependencies = [
        ("counseling", "0002_anonymised_at"),
        ("intake", "0004_waiting_queue"),
    ]

    operations = [migrations.RunPython(hand_over, migrations.RunPython.noop)]
