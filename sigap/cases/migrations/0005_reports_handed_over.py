"""Reports with a case are handed over: they leave the triage queue (issue 8)."""

from django.db import migrations


def hand_over(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    Case = apps.get_model("cases", "Case")
    with_case = Case.objects.filter(report__isnull=False).values("report_id")
    Report.objects.filter(pk__in=with_case, status__in=["new", "triaged"]).update(status="handed")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_attachments"),
        ("intake", "0004_waiting_queue"),
    ]

    operations = [migrations.RunPython(hand_over, migrations.RunPython.noop)]
