# The production image: gunicorn serving the app, and (with another command)
# the Celery worker; docker-compose.yml runs both. tests/test_production.py
# runs the same commands (scripts/build_static.sh, this CMD) without Docker.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango for WeasyPrint (the PDF packs).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Exactly the locked versions, every file checked against its hash. The app
# runs from /app (manage.py, workbench.wsgi), so the project itself is not
# installed as a package.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt
COPY . .
RUN scripts/build_static.sh
RUN useradd --system --create-home app \
    && mkdir -p /var/lib/med/media && chown app /var/lib/med/media
USER app
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
