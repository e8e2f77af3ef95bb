"""The access log: no LIKE indexes, and no index of its own for the record type
(audit_target_idx starts with it). On PostgreSQL by dropping and renaming
(sigap.lib.migration_operations), not by rebuilding the unique index under lock."""

from django.conf import settings
from django.db import migrations, models

from sigap.lib.migration_operations import RenameOrDropIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_case_visibility"),
        ("audit", "0002_anonymise_action"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        RenameOrDropIndexes(
            table="audit_auditevent",
            drop_pattern=["action", "target_type", "entry_hash"],
            drop=["target_type"],
            rename_index={"action": "audit_action_idx"},
            rename_unique={"entry_hash": "audit_entry_hash_unique"},
            operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(
                        choices=[
                            ("create", "created"),
                            ("view", "viewed"),
                            ("change", "changed"),
                            ("delete", "deleted"),
                            ("export", "exported"),
                            ("login", "logged in (password)"),
                            ("login_verified", "logged in (second factor)"),
                            ("login_failed", "failed login"),
                            ("account_locked", "account locked"),
                            ("logout", "logged out"),
                            ("2fa_enrolled", "enrolled a second factor"),
                            ("grant_role", "granted a role"),
                            ("token_issued", "issued an API token"),
                            ("token_revoked", "revoked an API token"),
                            ("keys_rotated", "rotated field keys"),
                            ("anonymise", "anonymised"),
                        ],
                        max_length=20,
                        verbose_name="what",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="entry_hash",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="target_type",
                    field=models.CharField(blank=True, max_length=60, verbose_name="record type"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["action"], name="audit_action_idx"),
                ),
                migrations.AddConstraint(
                    model_name="auditevent",
                    constraint=models.UniqueConstraint(fields=("entry_hash",), name="audit_entry_hash_unique"),
                ),
            ],
        ),
    ]
