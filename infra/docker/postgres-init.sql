-- Runs once when the compose PostgreSQL volume is created: the application's role and database.
-- Development credentials only; set real ones through the environment in any shared deployment.
CREATE ROLE sme LOGIN CREATEDB PASSWORD 'sme';
CREATE DATABASE sme OWNER sme;
