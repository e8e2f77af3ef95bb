"""A report from which a consultation was opened was answered by then at the latest (issue 8)."""

from django.db import migrations
from django.db.models import Min, OuterRef, Q, Subquery


def answered(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    Consultation = apps.get_model("counseling", "Consultation")
    first = Subquery(
        Consultation.objects.filter(report=OuterRef("pk")).values("report").annotate(at=Min("opened_at")).values("at")
    )
    with_consultation = Consultation.objects.filter(report__isnull=False).values("report_id")
    Report.objects.filter(pk__in=with_consultation).alias(opened=first).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gt=first)
    ).update(answered_at=first)


class Migration(migrations.Migration):
    dependencies = [
        ("counseling", "0003_reports_handed_over"),
        ("intake", "0005_arrival_risk_answered_at"),
    ]

    operations = [migrations.RunPython(answered, migrations.RunPython.noop)]
