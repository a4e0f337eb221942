# The bulk-import ledger joined this app from the former ``records`` app. Its table keeps its name
# (records_bulkimport): on a database where ``records`` created it, this migration only records the
# model here; on a new database it creates the table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class CreateModelIfMissing(migrations.CreateModel):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        table = to_state.apps.get_model(app_label, self.name)._meta.db_table
        if table not in schema_editor.connection.introspection.table_names():
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        pass  # the table may predate this app: leave it


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organization_pattern_hidden_counts"),
        ("systemic", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModelIfMissing(
            name="BulkImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sha256", models.CharField(max_length=64)),
                ("name", models.CharField(max_length=300)),
                ("format", models.CharField(max_length=10)),
                ("rows", models.PositiveBigIntegerField()),
                ("rejected", models.PositiveBigIntegerField()),
                ("report", models.JSONField()),
                ("imported_at", models.DateTimeField(auto_now_add=True)),
                ("imported_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("organization", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="bulk_imports", to="accounts.organization")),
            ],
            options={
                "db_table": "records_bulkimport",
                "ordering": ["-imported_at"],
                "constraints": [models.UniqueConstraint(fields=("organization", "sha256"), name="unique_bulk_import_per_org")],
            },
        ),
    ]
