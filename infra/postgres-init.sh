#!/bin/sh
# Runs once, as the image's superuser, when infra/compose.yaml's PostgreSQL volume is new
# (docker-entrypoint-initdb.d). Brygga never uses that superuser: the owner role runs migrations,
# the app role serves requests, neither is a superuser (docs/operations.md: Database roles).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$OWNER_DB_PASSWORD" -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE brygga_owner LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
CREATE ROLE brygga_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
CREATE DATABASE brygga OWNER brygga_owner;
SQL
