"""Unbound Flask extensions; `create_app` attaches them with `init_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: only the routes that need it (login, class joins) are limited.
# Storage comes from RATELIMIT_STORAGE_URI (memory:// per process unless configured).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
