"""Scheduled jobs of the privacy app (run by `db_worker`; schedule with cron or a
periodic enqueue, see docs/operations.md)."""

from django.tasks import task

from sigap.privacy.retention import apply_retention


@task
def apply_retention_task() -> dict:
    result = apply_retention()
    return {
        "reports": len(result.reports),
        "cases": len(result.cases),
        "cadres": len(result.cadres),
        "people": len(result.people),
    }
