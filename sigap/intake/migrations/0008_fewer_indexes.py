"""Reports: no LIKE indexes, and no index of their own for the queue (report_queue_idx
starts with it) or the unit (report_figures_idx does). On PostgreSQL by dropping and
renaming (sigap.lib.migration_operations), not by rebuilding with the foreign keys."""

import django.db.models.deletion
from django.db import migrations, models

from sigap.lib.migration_operations import RenameOrDropIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_case_visibility"),
        ("intake", "0007_routing_move_index"),
        ("people", "0002_anonymised_at"),
        ("regions", "0001_initial"),
    ]

    operations = [
        RenameOrDropIndexes(
            table="intake_report",
            drop_pattern=["queue", "receipt_hash", "village_id"],
            drop=["queue", "unit_id"],
            rename_index={"village_id": "report_village_idx"},
            rename_unique={"receipt_hash": "report_receipt_hash_unique"},
            operations=[
                migrations.AlterField(
                    model_name="report",
                    name="queue",
                    field=models.CharField(
                        choices=[("lppar", "LP-PAR (violence handling)"), ("puspaga", "Puspaga (prevention)")],
                        max_length=8,
                        verbose_name="queue",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="receipt_hash",
                    field=models.CharField(editable=False, max_length=64),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.orgunit",
                        verbose_name="unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="village",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="kelurahan",
                    ),
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=models.Index(fields=["village"], name="report_village_idx"),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(fields=("receipt_hash",), name="report_receipt_hash_unique"),
                ),
            ],
        ),
    ]
