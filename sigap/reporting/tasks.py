"""Background jobs of reporting (run by `db_worker`): `monthly_report_task`, enqueued on
the first day of each month (e.g. from cron with `manage.py monthly_report --enqueue`),
and `dashboard_refresh_task`, enqueued by a dashboard view that found its figures stale."""

from django.tasks import task

from sigap.accounts.models import OrgUnit
from sigap.reporting.dashboard import dashboard_refresh
from sigap.reporting.services import monthly_report_store


@task
def monthly_report_task(unit_code: str, year: int, month: int) -> str:
    unit = OrgUnit.objects.get(code=unit_code)
    return monthly_report_store(unit=unit, year=year, month=month)


# After reminders and messages, which are due at a time; figures can wait.
@task(priority=-50)
def dashboard_refresh_task(user_id: int, typed: dict[str, str], language: str, queued_at: float) -> bool:
    return dashboard_refresh(user_id=user_id, typed=typed, language=language, queued_at=queued_at)
