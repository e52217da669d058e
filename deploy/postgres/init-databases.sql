-- Runs once, when the postgres container initialises an empty data volume
-- (/docker-entrypoint-initdb.d), as the superuser.
--
-- Liaison and Temporal share this Postgres server but not databases or roles: each owns only
-- its own databases, so neither can read or lock the other's tables, and Temporal's schema
-- tool never touches the app's migrations. The `temporal` role gets CREATEDB because the
-- temporal-schema service creates `temporal` and `temporal_visibility` itself.
--
-- Passwords come from the container's environment (psql 15+ \getenv), so docker-compose.yml is
-- the one place they are set. An unset variable leaves the psql variable undefined and the
-- statement fails, which aborts the initialisation instead of creating a passwordless role.

\set ON_ERROR_STOP on
\getenv liaison_password LIAISON_DB_PASSWORD
\getenv temporal_password TEMPORAL_DB_PASSWORD

CREATE ROLE liaison LOGIN PASSWORD :'liaison_password';
CREATE DATABASE liaison OWNER liaison;

CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
