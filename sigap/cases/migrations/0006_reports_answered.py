"""A report from which a case was opened was answered by then at the latest (issue 8)."""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery


def answered(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    Case = apps.get_model("cases", "Case")
    opened = Subquery(Case.objects.filter(report=OuterRef("pk")).values("opened_at")[:1])
    with_case = Case.objects.filter(report__isnull=False).values("report_id")
    Report.objects.filter(pk__in=with_case).alias(opened=opened).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gt=opened)
    ).update(answered_at=opened)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_reports_handed_over"),
        ("intake", "0005_arrival_risk_answered_at"),
    ]

    operations = [migrations.RunPython(answered, migrations.RunPython.noop)]
