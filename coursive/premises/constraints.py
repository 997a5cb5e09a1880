"""The database's guarantee against double bookings, on the engines that can express it.

PostgreSQL enforces it with an exclusion constraint (GiST over the resource and the booked time range). SQLite
has no such constraint; there the write path is serialised instead (IMMEDIATE transactions, see
`services.booking_create`), so this constraint emits no SQL and skips model validation on SQLite: the migration
applies on both engines.
"""

from django.contrib.postgres.constraints import ExclusionConstraint


class PostgresExclusionConstraint(ExclusionConstraint):
    def _supported(self, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if self._supported(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._supported(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._supported(schema_editor) else None

    def validate(self, model, instance, exclude=None, using="default"):
        from django.db import connections

        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)
