"""Logging in and out, and who may reach which route.

A login session carries the user's *session token*, not the user id. Logout
replaces the token in the database, so a session cookie copied before logout
and replayed afterwards names nobody and gets the login page.

Nothing a request carries survives into the next login: a post that arrives
without a valid session is answered with the login page and forgotten (the
worker's unsaved text stays in their own browser, see ``wizard.js``), and
logging in starts a fresh session. Logout also tells the browser to clear the
site's storage, so text kept there does not outlive the login.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from argon2 import PasswordHasher, Type
from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from reportgen.store import User

#: Login hashing: argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane).
#: See README "Logins": measured against argon2-cffi's default (64 MiB, 3 passes, 4 lanes).
HASH_MEMORY_KIB = 19 * 1024
HASH_TIME_COST = 2
HASH_PARALLELISM = 1

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
F = TypeVar("F", bound=Callable[..., Any])

LANDING = {
    "social_worker": "wizard.drafts",
    "supervisor": "wizard.drafts",
    "attorney": "review.index",
    "clerk": "intake.index",
}
ROLE_NAMES = {
    "social_worker": "Social worker",
    "supervisor": "Supervisor",
    "attorney": "Child's attorney",
    "clerk": "Clerk",
}


@dataclass(frozen=True)
class WebUser:
    """The logged-in user as Flask-Login sees it."""

    id: int
    username: str
    display_name: str
    role: str
    team: str
    token: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return self.token

    @classmethod
    def of(cls, user: User) -> WebUser:
        return cls(user.id, user.username, user.display_name, user.role, user.team, user.session_token)

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)


def password_hasher() -> PasswordHasher:
    """The hasher new passwords are hashed with. A stored hash made with other parameters
    still verifies (argon2 reads them from the hash) and is rehashed with these at its
    owner's next login (:meth:`reportgen.store.Store.authenticate`)."""
    return PasswordHasher(time_cost=HASH_TIME_COST, memory_cost=HASH_MEMORY_KIB, parallelism=HASH_PARALLELISM,
                          type=Type.ID)


def me() -> WebUser:
    """The current user; only call behind :func:`roles_required`."""
    return cast(WebUser, current_user._get_current_object())


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str) -> WebUser | None:
        from reportgen.web import get_store

        user = get_store().user_by_token(token)
        return WebUser.of(user) if user else None

    @login_manager.unauthorized_handler
    def unauthorized() -> ResponseReturnValue:
        # Nothing the request carries is kept: a post without a session may come from any website.
        if wants_json() or request.endpoint == "wizard.autosave":
            return jsonify(error="login", login=url_for("auth.login")), 401
        if request.method != "GET" and request.endpoint != "wizard.step":
            return redirect(url_for("auth.login"))  # a POST-only route has no page to come back to
        if request.method != "GET" and from_this_site():
            flash("Your session had ended, so nothing was saved. Log in again: what you typed, if this "
                  "browser kept it, is offered back to you on the page.")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def wants_json() -> bool:
    return request.is_json or request.headers.get("X-Requested-With") == "fetch"


def from_this_site() -> bool:
    """Whether the browser says the request came from one of this site's own pages.

    Browsers send ``Origin`` with every cross-origin POST (``null`` from sandboxed
    and opaque pages), so a present ``Origin`` decides; without it a ``Referer``
    decides; with neither (a client that is not a browser) there is nothing to
    judge by and the CSRF token decides alone. Host and port are compared, not
    the scheme, which a TLS proxy in front may change."""
    here = urlsplit(request.host_url).netloc.lower()
    origin = request.headers.get("Origin")
    if origin is not None:
        return urlsplit(origin).netloc.lower() == here
    referer = request.headers.get("Referer")
    return referer is None or urlsplit(referer).netloc.lower() == here


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def landing_url(role: str) -> str:
    return url_for(LANDING.get(role, "auth.login"))


def roles_required(*roles: str) -> Callable[[F], F]:
    """The route needs a login and one of ``roles``; anyone else gets 403."""

    def wrap(view: F) -> F:
        @wraps(view)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if me().role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, inner)

    return wrap


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@bp.route("/")
def home() -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(landing_url(me().role))


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    from reportgen.web import get_store

    form = LoginForm()
    target = request.args.get("next")
    failed = False
    if form.validate_on_submit():
        store = get_store()
        user = store.authenticate(form.username.data or "", form.password.data or "")
        if user is not None:
            session.clear()  # a fresh session on login: no fixation, nothing carried over
            session.permanent = True
            login_user(WebUser.of(user))
            store.audit(user, "login")
            return redirect(target if target and is_safe_next(target) else landing_url(user.role))
        failed = True
    status = 401 if failed else (422 if form.errors else 200)
    return render_template("auth/login.html", form=form, failed=failed, next=target), status


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    from reportgen.web import get_store

    if current_user.is_authenticated:
        user = me()
        store = get_store()
        store.end_sessions(user.id)
        store.audit(None, "logout", username=user.username)
    logout_user()
    session.clear()
    flash("You have logged out.")
    response = redirect(url_for("auth.login"))
    # Unsaved case text kept in this browser must not outlive the login (wizard.js also clears it).
    response.headers["Clear-Site-Data"] = '"storage"'
    return response
