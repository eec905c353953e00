#!/bin/bash
# docker compose only, run once by the postgres image on an empty volume: irwatch's and Airflow's databases,
# each owned by its own role. The passwords come from the environment (.env), never from this file.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
     -v irwatch_pw="$IRWATCH_DB_PASSWORD" -v airflow_pw="$AIRFLOW_DB_PASSWORD" <<'SQL'
create role irwatch login password :'irwatch_pw';
create role airflow login password :'airflow_pw';
create database irwatch owner irwatch;
create database airflow owner airflow;
SQL
