"""The steps `create_app` takes, in order: config, extensions, blueprints, errors, commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from . import admin, assets, cli, db, errors, i18n, inputs, logmask, security, templating
from .api.views import CORS_RESOURCES
from .api.views import bp as api_bp
from .classroom.views_projector import bp as class_projector_bp
from .classroom.views_student import bp as class_student_bp
from .classroom.views_teacher import bp as class_teacher_bp
from .config import load_config
from .embed.views import bp as embed_bp
from .extensions import csrf, limiter, login_manager
from .public.views import bp as public_bp
from .quiz.views import bp as quiz_bp
from .review.views import bp as review_bp

ROOT = Path(__file__).resolve().parent.parent


def build_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure an app; see `compass.create_app`."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    register_extensions(app)
    register_blueprints(app)
    drop_idle_limiter_hook(app)
    errors.register(app)
    cli.register(app)
    return app


def register_extensions(app: Flask) -> None:
    """Mask the logs and guard the raw input; attach the database, CSRF protection, logins,
    rate limits and translations."""
    logmask.init_app(app)
    inputs.init_app(app)
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    assets.init_app(app)


def drop_idle_limiter_hook(app: Flask) -> None:
    """Take Flask-Limiter's before-request check off every request when it has nothing to do.

    The hook enforces default, application, meta and blueprint limits; this app has none of
    those (its limits are decorators on the login and review routes, which check themselves,
    and the class pages count their own), and the idle hook cost about 0.1 ms on every
    request, a seventh of `/healthz`. Configure any of those limits and the hook stays.
    """
    manager = limiter.limit_manager
    configured = any(app.config.get(name) for name in (
        "RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META"))
    with app.app_context():
        blueprint_limits = any(manager.blueprint_limits(app, name) for name in app.blueprints)
    if configured or manager.default_limits or manager.application_limits or blueprint_limits:
        return
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:  # a bound method: equal, not identical
        hooks.remove(limiter._check_request_limit)


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per user group."""
    app.register_blueprint(public_bp)
    app.register_blueprint(quiz_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(embed_bp)
    app.register_blueprint(class_teacher_bp)
    app.register_blueprint(class_student_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(class_projector_bp)
    # Other sites POST JSON to the API without a session or form token.
    csrf.exempt(api_bp)
    # Rate limits guard logins and class joins; the read-only pages skip the limiter's work,
    # and so do the class pages, which count failed lookups and joins themselves (`limits`).
    for blueprint in (public_bp, quiz_bp, api_bp, embed_bp, class_student_bp, class_projector_bp):
        limiter.exempt(blueprint)
    CORS(app, resources=CORS_RESOURCES)
    admin.register(app)
