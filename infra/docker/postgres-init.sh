#!/bin/sh
# Runs once when the compose PostgreSQL volume is created: the application's database, its owner (sme: the migrations)
# and the services' role (sme_app: rows only, the audit trail append-only), with the passwords of the environment file
# (SME_DB_PASSWORD, SME_APP_DB_PASSWORD; see .env.example). Nothing secret is in the repository.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v pw="$SME_DB_PASSWORD" -v apppw="$SME_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE sme LOGIN CREATEDB PASSWORD :'pw';
CREATE ROLE sme_app LOGIN PASSWORD :'apppw';
CREATE DATABASE sme OWNER sme;
SQL
