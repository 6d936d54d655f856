"""The FastAPI application: pages, API, static files, one error shape; and ``serve``.

>>> app = create_app(Path("example.db"), token="s3cret")   # doctest: +SKIP
>>> serve(Path("example.db"), "127.0.0.1", 8000, token=None, no_auth=False)   # doctest: +SKIP
"""

from __future__ import annotations

import mimetypes
from importlib import metadata
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from parallax.errors import ParallaxError, StoreError
from parallax.web import api, pages
from parallax.web.ingest_jobs import JobBoard, UploadQueueFull
from parallax.web.rendering import render
from parallax.web.security import BodyLimit, SecurityHeaders, check_loopback, resolve_token

STATIC = Path(__file__).with_name("static")
ERROR_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Token needed"),
    403: ("forbidden", "Not allowed"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("payload_too_large", "Upload too large"),
    422: ("invalid_request", "Invalid request"),
    500: ("internal_error", "Something broke"),
    503: ("busy", "Busy"),
}


def _version() -> str:
    try:
        return metadata.version("parallax")
    except metadata.PackageNotFoundError:
        return "0"


def _static_files() -> dict[str, tuple[bytes, str]]:
    """The files shipped in the package's static folder, by name (read once, served from memory).

    Serving from this fixed table means no request path ever reaches the file system.
    """
    files = {}
    for path in sorted(STATIC.iterdir()) if STATIC.is_dir() else []:
        if path.is_file() and not path.name.startswith("."):
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if media.startswith("text/") or media.endswith("javascript"):
                media += "; charset=utf-8"
            files[path.name] = (path.read_bytes(), media)
    return files


def create_app(
    db_path: Path,
    *,
    token: str | None = None,
    no_auth: bool = False,
    max_upload_bytes: int = 5_000_000,
    max_files: int = 50,
) -> FastAPI:
    """The web app and HTTP API over the store at ``db_path``.

    ``token`` is the write token (default: ``PARALLAX_TOKEN``, else generated once and kept
    in ``<db>.token``); ``no_auth`` lets writes through without one (``serve`` allows that
    on loopback only). Uploads over ``max_upload_bytes`` or ``max_files`` get a 413.
    """
    app = FastAPI(
        title="parallax",
        version=_version(),
        description="How different news outlets cover the same story: stories, comparisons, articles, ingest.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    db_path = Path(db_path)
    app.state.db_path = db_path
    app.state.no_auth = no_auth
    app.state.token, app.state.token_source = (None, "none") if no_auth else resolve_token(db_path, token)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.max_files = max_files
    app.state.jobs = JobBoard(db_path)
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_static_route(app, _static_files())
    _add_error_handlers(app)
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _add_static_route(app: FastAPI, files: dict[str, tuple[bytes, str]]) -> None:
    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        found = files.get(name)
        if found is None:
            raise StarletteHTTPException(404, "No such file.")
        data, media = found
        return Response(data, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


def wants_json(request: Request) -> bool:
    """Whether an error for this request is answered in JSON (the API) or as an HTML page."""
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.endswith(".json"):
        return True
    return "text/html" not in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one error shape: ``{"error": {"code", "message"}}`` in JSON, or an HTML page for browsers."""
    code, heading = ERROR_CODES.get(status, ("error", "Error"))
    if wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
    return render("error.html", status_code=status, headers=headers, status=status, heading=heading,
                  message=message)


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for problem in err.errors()[:5]:
        where = ".".join(str(x) for x in problem.get("loc", ()) if x not in ("body", "query", "path"))
        text = str(problem.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {text}" if where else text)
    return "; ".join(parts) or "the request is not valid"


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else ERROR_CODES.get(exc.status_code, ("", "Error"))[1]
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing is served at {request.url.path}."
        return error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(UploadQueueFull)
    async def queue_full(request: Request, exc: UploadQueueFull) -> Response:
        return error_response(request, 503, exc.reason, {"Retry-After": "10"})

    @app.exception_handler(ParallaxError)
    async def parallax_error(request: Request, exc: ParallaxError) -> Response:
        status = 500 if isinstance(exc, StoreError) else 400
        return error_response(request, status, exc.reason)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, "The server hit an unexpected error; see its log for details.")


def serve(db: Path, host: str, port: int, *, token: str | None, no_auth: bool, **options: Any) -> None:
    """Run the web app with uvicorn until interrupted; prints the address and the write token."""
    import uvicorn

    check_loopback(host, no_auth)
    app = create_app(Path(db), token=token, no_auth=no_auth, **options)
    shown_host = f"[{host}]" if ":" in host else host
    print(f"parallax: serving {db} at http://{shown_host}:{port}/", flush=True)
    if no_auth:
        print("parallax: writes need no token (--no-auth, loopback only)", flush=True)
    elif app.state.token_source == "env":
        print("parallax: write token taken from PARALLAX_TOKEN", flush=True)
    else:
        print(f"parallax: write token {app.state.token}", flush=True)
        print("parallax:   send it as 'Authorization: Bearer <token>' or enter it on the upload page;"
              " set PARALLAX_TOKEN to choose your own", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
