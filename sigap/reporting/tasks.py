"""Scheduled jobs of reporting (run by `db_worker`): enqueue `monthly_report_task` on
the first day of each month, e.g. from cron with `manage.py monthly_report --enqueue`."""

from django.tasks import task

from sigap.accounts.models import OrgUnit
from sigap.reporting.services import monthly_report_store


@task
def monthly_report_task(unit_code: str, year: int, month: int) -> str:
    unit = OrgUnit.objects.get(code=unit_code)
    return monthly_report_store(unit=unit, year=year, month=month)
