"""Log lines for machines (JSON, one object per line) and for people (text),
both with the id of the request they belong to. Wired up in settings.LOGGING,
which the web, the worker and gunicorn itself all use."""

import json
import logging
from datetime import UTC, datetime

from .requestid import current_request_id

NO_REQUEST = "-"

# Attributes every LogRecord has; anything else on a record came from
# `extra=` and goes into the JSON object as a field of its own.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") on the record as `request_id`."""

    def filter(self, record):
        record.request_id = current_request_id() or NO_REQUEST
        return True


class JsonFormatter(logging.Formatter):
    """time (UTC, ISO 8601), level, logger, message, request_id, the fields
    given with `extra=`, and the traceback if any. A message with newlines
    stays on one line, so a log collector never splits or forges an entry."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", NO_REQUEST)
        if request_id != NO_REQUEST:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
