#!/bin/sh
# Static files as production serves them: collected into STATIC_ROOT with
# hashed names and a manifest (whitenoise's CompressedManifestStaticFilesStorage,
# chosen by DEBUG off), compressed. The Dockerfile runs this; so does
# tests/test_production.py, which then serves the result under gunicorn.
#
# Settings refuse DEBUG off without a real SECRET_KEY, and collectstatic
# signs nothing: the key made here is thrown away when the step ends.
set -eu
cd "$(dirname "$0")/.."
SECRET_KEY=$(${PYTHON:-python} -c 'import secrets; print(secrets.token_urlsafe(50))')
DEBUG=0 SECRET_KEY="$SECRET_KEY" ${PYTHON:-python} manage.py collectstatic --noinput --clear
