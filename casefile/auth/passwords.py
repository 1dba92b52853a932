"""Password hashing at ASVS 5.0 cost and the password policy."""

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 128
_COMMON = frozenset(
    {
        "password1234",
        "123456789012",
        "qwertyuiop12",
        "letmein12345",
        "welcome12345",
        "passw0rd1234",
        "iloveyou1234",
        "administrator",
        "changeme1234",
        "casefile1234",
    }
)


def hash_password(password: str, method: str) -> str:
    """A salted hash of `password` with the configured method (scrypt N=2^17 by default)."""
    return generate_password_hash(password, method=method)


def verify_password(stored_hash: str | None, password: str, method: str) -> bool:
    """Check `password`; with no stored hash, spend the same time and answer False."""
    if stored_hash is None:
        check_password_hash(_dummy_hash(method), password)
        return False
    return check_password_hash(stored_hash, password)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a password anyone has", method=method)


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` is not acceptable, or None if it is."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in _COMMON:
        return "That password is too common; choose another."
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in password.lower():
        return "The password must not contain your e-mail name."
    return None
