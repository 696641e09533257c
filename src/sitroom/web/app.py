"""The FastAPI application: API + pages + static files, security headers and error pages."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

import sitroom
from sitroom.settings import Settings
from sitroom.store import Store
from sitroom.web import api, pages
from sitroom.web.context import DEFAULT_MAX_BODY_BYTES, WebContext
from sitroom.web.params import MAX_OFFSET

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
TOKEN_ENV = "SITROOM_TOKEN"
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")

# Everything is served from this origin; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# A Host header: a name or IPv4 address, or an IPv6 address in brackets; then maybe a port.
_HOST_HEADER = re.compile(r"(?P<host>\[[^\]]*\]|[^:\[\]/@\s]+)(?::(?P<port>[0-9]{1,5}))?")


def normal_host(host: str) -> str | None:
    """``host`` (a name, an IPv4 or IPv6 address, the latter with or without brackets) in one
    spelling: lower case, IP addresses in their standard form (``[0:0::1]`` -> ``::1``).
    None when it is neither a name nor an address."""
    text = host.strip().lower()
    bracketed = text.startswith("[") and text.endswith("]")
    try:
        return str(ipaddress.ip_address(text[1:-1] if bracketed else text))
    except ValueError:
        pass
    if bracketed or not text or any(c in text for c in ":[]/@ \t"):
        return None
    return text


def host_of(header: str) -> str | None:
    """The host a Host header names (see :func:`normal_host`); None when it is malformed."""
    match = _HOST_HEADER.fullmatch(header.strip())
    if match is None:
        return None
    host = match["host"]
    if host.startswith("[") and ":" not in host:
        return None  # brackets hold IPv6 addresses only
    return normal_host(host)


class HostGuard:
    """Refuse requests whose Host header names a host not in ``allowed_hosts`` (400).

    On a loopback address this stops DNS rebinding: a page elsewhere that resolves its own name
    to 127.0.0.1 still sends its own name. Starlette's TrustedHostMiddleware did this, but in
    older releases (which ``fastapi>=0.110`` still allows) it cuts the header at the first colon:
    ``[::1]:8000`` became ``[`` and an IPv6 loopback server refused every request. Here IPv6
    literals, ports and equivalent spellings of one address are read properly.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        allowed = {normal_host(h) for h in allowed_hosts}
        if None in allowed:
            raise ValueError(f"not a host name or address among {list(allowed_hosts)}")
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            header = Headers(scope=scope).get("host")
            if header is None or host_of(header) not in self.allowed:
                response = PlainTextResponse("Invalid host header", status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _configured_token(token: str | None) -> str | None:
    value = token if token is not None else Settings().token
    if value is None or not value.strip():
        return None  # an empty token would let an empty Authorization header write
    return value.strip()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    headers = extra.pop("headers", None)
    if _wants_json(request):
        return JSONResponse({"detail": message, **extra}, status_code=status, headers=headers)
    return pages.render(request, "error.html", status_code=status, status=status, message=message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _error_response(
            request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None)
        )

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error_response(request, 422, _validation_message(exc))

    async def server_error(request: Request, exc: Exception) -> Response:
        # Answered by Starlette's outermost middleware, past the security-header middleware:
        # the headers are set here, and the message says nothing of the failure's details.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        response = _error_response(request, 500, "internal server error")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, server_error)


# Paging parameters of every list, API or page: past this they can only overflow the database.
_PAGING_PARAMS = ("offset", "limit", "after")


def _install_paging_guard(app: FastAPI) -> None:
    """Refuse (422) a paging number past :data:`MAX_OFFSET` on any route, before it reaches a
    handler (SQLite and PostgreSQL cannot take 2^63 or more and would answer 500)."""

    @app.middleware("http")
    async def paging_guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        for name in _PAGING_PARAMS:
            for value in request.query_params.getlist(name):
                text = value.strip().lstrip("+")
                if text.isdigit() and (len(text) > 15 or int(text) > MAX_OFFSET):
                    return _error_response(
                        request, 422, f"{name}: {value[:40]!r} is too large (at most {MAX_OFFSET})"
                    )
        return await call_next(request)


def _install_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def create_app(
    db: str,
    token: str | None = None,
    *,
    allowed_hosts: Sequence[str] | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    pipeline_factory: Callable[[], Any] | None = None,
) -> FastAPI:
    """The situation room over the store at ``db`` (a path or SQLAlchemy URL).

    ``token`` (or env ``SITROOM_TOKEN``) enables ``POST /api/documents``; without one the
    server is read-only. ``allowed_hosts`` restricts the Host header (DNS-rebinding guard).
    """
    ctx = WebContext(store=Store(db), token=_configured_token(token), max_body_bytes=max_body_bytes)
    if pipeline_factory is not None:
        ctx.pipeline_factory = pipeline_factory

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="sitroom situation room",
        version=sitroom.__version__,
        description="Evidence-linked conflict event data: documents, actors, events, relations.",
        docs_url=None,  # served by pages.api_docs from vendored Swagger UI
        redoc_url=None,
    )
    app.state.sitroom = ctx
    if allowed_hosts:
        app.add_middleware(HostGuard, allowed_hosts=list(allowed_hosts))
    _install_paging_guard(app)
    _install_security_headers(app)  # outside the guard: its answers get the headers too
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app


def _is_loopback(host: str) -> bool:
    normal = normal_host(host)
    if normal == "localhost":
        return True
    try:
        return normal is not None and ipaddress.ip_address(normal).is_loopback
    except ValueError:
        return False


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the situation room with uvicorn (blocks until interrupted)."""
    import uvicorn

    # On loopback, only accept loopback Host headers: a web page elsewhere cannot then reach
    # the server through DNS rebinding.
    allowed = (*LOOPBACK_HOSTS, host) if _is_loopback(host) else None
    app = create_app(db, token, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
