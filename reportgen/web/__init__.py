"""The wizard as a Flask application: ``create_app(config)`` builds it.

Nothing happens at import. ``create_app`` reads its settings (the ``config``
dict wins over the environment), opens the store, registers the blueprints
(``auth``; ``wizard`` for social workers and supervisors; ``review`` for the
child's attorney; ``intake`` for the clerk) and sets the security policy every
response carries: no caching of case pages, strict cookies, and a content
security policy that allows nothing from other sites.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from typing import Any

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFProtect

from reportgen.datadir import DATABASE_FILE, data_dir, default_database_url, ensure, sqlite_url
from reportgen.resources import templates_dir
from reportgen.store import Store

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

csrf = CSRFProtect()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. Keys of ``config`` override the defaults below."""
    web_templates = templates_dir() / "web"
    app = Flask(
        __name__,
        template_folder=str(web_templates),
        static_folder=str(web_templates / "static"),
        static_url_path="/static",
        instance_path=str(data_dir()),  # reportgen.datadir: not the current folder
        instance_relative_config=True,
    )
    app.config.update(
        SECRET_KEY=os.environ.get("REPORTGEN_SECRET_KEY") or secrets.token_hex(32),
        DATABASE_URL=default_database_url(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        # A CSRF token lives as long as the login session it is bound to, so a
        # narrative typed over a long afternoon is never refused for its age.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=True,
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        PASSWORD_HASHER=None,
    )
    app.config.update(config or {})
    if not (config or {}).get("SECRET_KEY") and not os.environ.get("REPORTGEN_SECRET_KEY"):
        # Fine for one process; several (gunicorn -w N) would each sign sessions differently.
        app.logger.warning("REPORTGEN_SECRET_KEY is not set: using a random key; logins end on restart")
    if "SESSION_COOKIE_SECURE" not in (config or {}):
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)

    from reportgen.untrusted.scratch import remove_stale

    remove_stale()  # uploads left by a server killed mid-review
    if app.config["DATABASE_URL"] == sqlite_url(DATABASE_FILE):
        ensure()  # the data directory, owner-only, before SQLite makes it with default permissions
    from reportgen.web.auth import password_hasher

    hasher = app.config.get("PASSWORD_HASHER") or password_hasher()
    app.extensions["reportgen_store"] = Store(app.config["DATABASE_URL"], hasher=hasher)

    csrf.init_app(app)
    from reportgen.web import approval, auth, documents, hearings, intake, letters, review, wizard

    # documents, approval, letters and hearings add their routes to the wizard blueprint
    assert documents.bp is wizard.bp is approval.bp is letters.bp is hearings.bp

    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(wizard.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(intake.bp)

    app.after_request(_security_headers)
    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page)
    _warm_up()
    return app


def _warm_up() -> None:
    """Read the wizard's steps and the report's words before the first request, once per process.

    Each is cached for the process, but not guarded: a server's first requests arrive together,
    and each of its threads read steps.yml (0.6 s of processor) at the same time; at a bench's
    start that was 14 reads in two gunicorn processes, seconds of processor while everyone
    waited. A file that cannot be read is left for the first request to report, as before."""
    from reportgen.render.words import table
    from reportgen.web.forms import load_spec

    for warm in (load_spec, table):
        try:
            warm()
        except Exception:  # noqa: BLE001 - the request that needs it says what is wrong
            continue


def get_store(app: Flask | None = None) -> Store:
    from flask import current_app

    store = (app or current_app).extensions["reportgen_store"]
    assert isinstance(store, Store)
    return store


def _security_headers(response: Response) -> Response:
    # Case pages and downloads must not linger in a shared computer's cache.
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _error_page(err: Any) -> tuple[str, int]:
    code = getattr(err, "code", 500) or 500
    titles = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
              413: "Too large", 500: "Something went wrong"}
    return render_template("error.html", code=code, title=titles.get(code, "Error")), code
