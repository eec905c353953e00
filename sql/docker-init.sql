-- docker compose only: a second database for Airflow's own metadata.
create database airflow;
