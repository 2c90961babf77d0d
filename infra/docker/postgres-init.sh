#!/bin/sh
# Runs once when the compose PostgreSQL volume is created: the application's role and database, with the password
# from the environment file (SME_DB_PASSWORD; see .env.example). Nothing secret is in the repository.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v pw="$SME_DB_PASSWORD" <<'SQL'
CREATE ROLE sme LOGIN CREATEDB PASSWORD :'pw';
CREATE DATABASE sme OWNER sme;
SQL
