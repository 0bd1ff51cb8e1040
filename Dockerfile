FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput
RUN useradd --system app
USER app
EXPOSE 8000
CMD ["gunicorn", "workbench.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
