"""The request side of ``POST /api/documents``: the body (bounded while read), its JSON
checked into an :class:`IngestRequest` with a readable 422 for every fault (not JSON, nested
too deeply, a lone surrogate, unknown or missing fields), the token, and the document built
from it."""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from sitroom.ingest import IngestFailure, parse_date, read_html, read_text
from sitroom.web.context import WebContext
from sitroom.web.params import BadParameter


class IngestRequest(BaseModel):
    """A document to analyze and store: ``text`` or ``html`` (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None

    @model_validator(mode="after")
    def _one_body(self) -> IngestRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


def check_token(request: Request, ctx: WebContext) -> None:
    """403 on a read-only server, 401 unless the bearer token matches."""
    if ctx.token is None:
        raise HTTPException(
            status_code=403,
            detail="this server is read-only: start it with a token (--token or SITROOM_TOKEN) "
            "to allow ingestion",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = ctx.token.encode("utf-8")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        given.strip().encode("utf-8"), expected
    ):
        raise HTTPException(
            status_code=401,
            detail="missing or wrong token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        status_code=413, detail=f"request body is larger than the {limit // 1024} KiB limit"
    )


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest_request(body: bytes) -> IngestRequest:
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HTTPException(status_code=422, detail=f"body is not valid JSON ({exc})") from None
    except RecursionError:
        raise HTTPException(status_code=422, detail="body is nested too deeply") from None
    try:
        request = IngestRequest.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        raise HTTPException(status_code=422, detail=problems) from None
    except RecursionError:
        raise HTTPException(status_code=422, detail="body is nested too deeply") from None
    for name, value in request.model_dump().items():
        position = _lone_surrogate(value)
        if position is not None:
            raise HTTPException(
                status_code=422,
                detail=f"{name}: a lone UTF-16 surrogate at character {position} (not text)",
            )
    return request


def _lone_surrogate(value: object) -> int | None:
    """Where ``value`` (a string) holds a lone surrogate, which JSON's \\ud800 escapes can
    produce but UTF-8 cannot encode; None when it holds none."""
    if not isinstance(value, str):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _document_from_request(req: IngestRequest) -> Any:
    published = None
    if req.published is not None and req.published.strip():
        published = parse_date(req.published)
        if published is None:
            raise BadParameter("published", f"cannot read {req.published!r} as a date")
    try:
        if req.html is not None:
            document = read_html(req.html, url=req.url, published=published, origin="api")
            updates = {
                k: v for k, v in (("title", req.title), ("source", req.source)) if v is not None
            }
            return document.model_copy(update=updates)
        assert req.text is not None
        return read_text(
            req.text,
            id=req.id,
            title=req.title,
            url=req.url,
            source=req.source,
            published=published,
            origin="api",
        )
    except IngestFailure as exc:
        raise HTTPException(status_code=422, detail=exc.error.reason) from None
