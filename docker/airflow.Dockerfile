# The official Airflow image with irwatch installed from requirements.lock (the versions the suite runs).
# Built by docker-compose.yml as irwatch-airflow:<version>; every Airflow service runs this one image.
FROM apache/airflow:3.3.2-python3.11

USER root
# the crawler and tagger run as subprocesses of the worker; nothing else from the OS is needed
WORKDIR /opt/irwatch
COPY --chown=airflow:0 . /opt/irwatch

USER airflow
# airflow==3.3.2 is pinned in the lock too, so the image's own Airflow is kept, not replaced
RUN pip install --no-cache-dir --require-hashes -r /opt/irwatch/requirements.lock \
 && pip install --no-cache-dir --no-deps -e /opt/irwatch

ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/irwatch/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=false \
    IRWATCH_HOME=/opt/airflow/irwatch-state
