"""The unbound extension objects, created once and bound in create_app()."""
from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from engage.database import Database

db = Database()
babel = Babel()
csrf = CSRFProtect()
login = LoginManager()
# The address is used only in memory (or Redis) to slow guessing; it is never stored with a response.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
