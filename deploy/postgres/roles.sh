#!/bin/sh
# One-shot, idempotent: the Postgres roles and databases, least privilege for each user.
#   medallion_owner  owns database medallion; the migrate step runs as it (DDL)
#   medallion_app    the API and the workers: connect, read and write rows, nothing else
#   temporal         owns databases temporal and temporal_visibility, and only those
# The superuser (POSTGRES_USER) is used here and by nothing else. Passwords are (re)set on every
# run, so rotating one is: change it in deploy/.env, `docker compose up -d`.
# Connection: PGHOST / PGUSER / PGPASSWORD of the superuser.
set -eu

psql -v ON_ERROR_STOP=1 -d postgres \
    -v owner_pw="$MEDALLION_OWNER_DB_PASSWORD" \
    -v app_pw="$MEDALLION_APP_DB_PASSWORD" \
    -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['medallion_owner', 'medallion_app', 'temporal']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)
\gexec
ALTER ROLE medallion_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_pw';
ALTER ROLE medallion_app   WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
ALTER ROLE temporal        WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'temporal_pw';

SELECT format('CREATE DATABASE %I OWNER %I', db, owner)
  FROM (VALUES ('medallion', 'medallion_owner'), ('temporal', 'temporal'),
               ('temporal_visibility', 'temporal')) AS d (db, owner)
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = db)
\gexec
ALTER DATABASE medallion OWNER TO medallion_owner;
ALTER DATABASE temporal OWNER TO temporal;
ALTER DATABASE temporal_visibility OWNER TO temporal;
-- No database is open to every role: each user reaches its own only.
REVOKE ALL ON DATABASE medallion, temporal, temporal_visibility FROM PUBLIC;
GRANT CONNECT ON DATABASE medallion TO medallion_app;
SQL

# Inside medallion: rows only, on the tables that exist and on those migrations add later.
psql -v ON_ERROR_STOP=1 -d medallion <<'SQL'
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO medallion_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO medallion_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO medallion_app;
ALTER DEFAULT PRIVILEGES FOR ROLE medallion_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO medallion_app;
ALTER DEFAULT PRIVILEGES FOR ROLE medallion_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO medallion_app;
SQL
echo "postgres roles up to date"
