"""Who may write, and what every response promises the browser.

* The write token: ``PARALLAX_TOKEN`` from the environment, else one generated at first
  start and kept next to the store (``<db>.token``, readable by its owner only).
* ``require_writer``: the FastAPI dependency on every write route. It reads
  ``Authorization: Bearer <token>`` (the API) or, for the browser upload form, a ``token``
  form field or the ``parallax_token`` cookie set after the token was entered once.
* ``SecurityHeaders`` and ``BodyLimit``: small ASGI middlewares for the Content-Security-
  Policy and friends, and for the upload size limit (a clear 413 before parsing).
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parallax.errors import UsageError

TOKEN_ENV = "PARALLAX_TOKEN"
TOKEN_COOKIE = "parallax_token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def token_file(db_path: Path) -> Path:
    """Where the generated write token of the store at ``db_path`` is kept."""
    return db_path.with_name(db_path.name + ".token")


def resolve_token(db_path: Path, token: str | None = None) -> tuple[str, str]:
    """The write token and where it came from (``given``, ``env``, ``file`` or ``new``).

    >>> resolve_token(Path("x.db"), "s3cret")
    ('s3cret', 'given')
    """
    if token:
        return token, "given"
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    if from_env:
        return from_env, "env"
    path = token_file(db_path)
    if path.is_file():
        kept = path.read_text(encoding="utf-8").strip()
        if kept:
            return kept, "file"
    fresh = secrets.token_urlsafe(24)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(fresh + "\n")
    except OSError:
        pass  # a read-only folder: the token lives for this run only (it is printed)
    return fresh, "new"


def check_loopback(host: str, no_auth: bool) -> None:
    """Refuse ``--no-auth`` unless the server listens on the loopback interface only."""
    if no_auth and host.strip().lower() not in LOOPBACK_HOSTS:
        raise UsageError(
            f"--no-auth is only allowed when bound to 127.0.0.1 or localhost, not {host!r}; "
            f"set {TOKEN_ENV} instead to open writes to other machines"
        )


def tokens_match(given: str, expected: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def check_token(request: Request, given: str | None) -> None:
    """Raise 401 when no token was given and 403 when it is wrong (no-auth mode: loopback only)."""
    state = request.app.state
    if state.no_auth:
        # Without a token, only pages addressed to the loopback name may write: a web page that
        # re-points its own domain name at 127.0.0.1 (DNS rebinding) still sends its own Host.
        host = urlsplit("//" + request.headers.get("host", "")).hostname or ""
        if host.lower() not in LOOPBACK_HOSTS:
            raise HTTPException(status_code=403, detail="without a token, writes are only accepted at "
                                                        "http://127.0.0.1 or http://localhost")
        return
    if not given:
        raise HTTPException(
            status_code=401,
            detail="this action needs the write token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not tokens_match(given, state.token):
        raise HTTPException(status_code=403, detail="the write token is wrong")


def require_writer(request: Request) -> None:
    """FastAPI dependency of the API's write routes: a valid bearer token."""
    check_token(request, bearer_token(request))


def check_same_origin(request: Request) -> None:
    """Refuse browser form posts sent from another site (cross-site request forgery)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return
    if urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise HTTPException(status_code=403, detail="form posted from another site")


class SecurityHeaders:
    """Add the Content-Security-Policy and the other protective headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PayloadTooLarge(HTTPException):
    """A request body over the upload limit (answered with 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            status_code=413,
            detail=f"the upload is larger than the limit of {limit:,} bytes; send fewer or smaller pages",
        )


class BodyLimit:
    """Answer 413 to bodies over ``limit`` bytes: at once from Content-Length, else while reading."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        too_large = declared is not None and declared > self.limit
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            if too_large:
                raise PayloadTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLarge(self.limit)
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None

