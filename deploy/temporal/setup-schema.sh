#!/bin/sh
# One-shot, idempotent: bring the schema of Temporal's two databases to the version shipped in
# this admin-tools image. The databases exist already (postgres-roles creates them, owned by
# the `temporal` role, which may not create databases). `setup-schema -v 0.0` skips an existing
# schema and `update-schema` applies only newer versions, so running this with a newer image
# tag is how the schema is upgraded (before the server of that version).
# Connection settings come from SQL_PLUGIN / SQL_HOST / SQL_PORT / SQL_USER / SQL_PASSWORD.
set -eu

SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

for pair in temporal:temporal temporal_visibility:visibility; do
    db=${pair%%:*}
    schema=${pair##*:}
    temporal-sql-tool --db "$db" setup-schema -v 0.0
    temporal-sql-tool --db "$db" update-schema -d "$SCHEMA_DIR/$schema/versioned"
done
echo "temporal schema up to date"
