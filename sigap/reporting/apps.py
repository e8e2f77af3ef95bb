from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Figures: the staff dashboard, its exports, the monthly PDF report and the public
    statistics. No tables of its own: every figure is an aggregate query over the other
    apps' data, and no page here shows a person, a name or free text."""

    name = "sigap.reporting"
    verbose_name = "Pelaporan dan statistik"
