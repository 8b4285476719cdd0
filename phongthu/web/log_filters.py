"""Filters for the server log (settings.LOGGING).

Django logs every refused request (PermissionDenied, a 403) on `django.request` with the
exception attached, so each one printed a full traceback: a demo session wrote 153 of
them, all of an ordinary refusal, burying the tracebacks of real failures. A 403 is an
expected answer, not a fault: one warning line says who was refused which page. Other
statuses, 500s above all, keep their tracebacks.
"""

from __future__ import annotations

import logging


class ForbiddenOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        method = getattr(request, "method", "") or ""
        path = getattr(request, "path", "") or ""
        record.msg = "Forbidden: %s %s for %s"
        record.args = (method, path, who)
        record.exc_info = None
        record.exc_text = None
        return True
