#!/bin/sh
# One-shot Temporal schema setup, run by the `temporal-schema` service (temporalio/admin-tools)
# before the server starts. It replaces what the deprecated temporalio/auto-setup image did at
# every boot, with the same temporal-sql-tool steps the Temporal docs and samples-server use.
#
# Safe to run on every `docker compose up`: an existing database is kept, `setup-schema -v 0.0`
# skips when the schema is already past 0.0, and `update-schema` applies only missing versions,
# which is also how a newer admin-tools image upgrades the schema before a newer server starts.
#
# POSIX sh on purpose: admin-tools images from 1.30 on are plain Alpine without bash.
set -eu

: "${SQL_HOST:?}" "${SQL_PORT:?}" "${SQL_USER:?}" "${SQL_PASSWORD:?}"
: "${TEMPORAL_DB:=temporal}" "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
export SQL_PASSWORD

SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

create_database() {
  if out=$(sql_tool --db "$1" create 2>&1); then
    echo "Created database $1"
  elif printf '%s\n' "$out" | grep -qi 'already exists'; then
    echo "Database $1 already exists"
  else
    printf '%s\n' "$out" >&2
    return 1
  fi
}

setup() {
  create_database "$1"
  sql_tool --db "$1" setup-schema -v 0.0
  sql_tool --db "$1" update-schema -d "$2"
}

setup "$TEMPORAL_DB" "$SCHEMA_ROOT/temporal/versioned"
setup "$TEMPORAL_VISIBILITY_DB" "$SCHEMA_ROOT/visibility/versioned"
echo "Temporal schema is up to date"
