"""`gwr add URL`: fetch a report from the web (a government portal's page, a newspaper page, or a
link to a PDF or .docx) and register its bytes, unchanged, as `gwr add FILE` does.

The page is fetched with httpx, redirects followed up to MAX_REDIRECTS, within a timeout, and at
most MAX_FILE_BYTES are read. Whatever goes wrong — a 404, a timeout, a redirect loop, a page
with no report in it — is one line, and nothing is written: the bytes sit in a temporary folder
until add_report has read them as a report and copied them into data/raw/. The manifest records
the URL, the retrieval time (UTC) and the sha256 of what was fetched."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx

from helpers import PROJECT_NAME, __version__
from helpers.errors import InputError, ParameterError
from helpers.pipeline.register import AddResult, add_report
from helpers.read import limits

TIMEOUT_S = 30.0  # for connecting, and for each read of the body
MAX_REDIRECTS = 5
USER_AGENT = f"{PROJECT_NAME}/{__version__} (research tool; reads public government work reports)"
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.I)
# The file's extension from what the server says it sends; read_report sniffs the bytes anyway.
_SUFFIX_OF_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass(frozen=True)
class Fetched:
    url: str  # as given
    final_url: str  # after redirects
    content_type: str
    data: bytes
    retrieved_at: str  # UTC, YYYY-MM-DDTHH:MM:SSZ

    @property
    def suffix(self) -> str:
        known = _SUFFIX_OF_TYPE.get(self.content_type)
        if known:
            return known
        path_suffix = Path(urlparse(self.final_url).path).suffix.lower()
        return path_suffix if path_suffix in (".html", ".htm", ".txt", ".pdf", ".docx") else ".html"


def is_url(text: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", str(text), re.I))


def fetch(url: str, *, timeout_s: float = TIMEOUT_S) -> Fetched:
    """The bytes at `url`, or an InputError in one line."""
    if not _URL.fullmatch(url):
        raise ParameterError(f"{url!r} is not an http(s) address")
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout_s,
                          headers={"User-Agent": USER_AGENT}) as client, client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise InputError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase or ''}".rstrip())
            data = _read_capped(resp, url)
            content_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            final_url = str(resp.url)
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS}; a redirect loop?)") from None
    except httpx.TimeoutException:
        raise InputError(f"{url}: no answer within {timeout_s:g} s (timed out); try again later") from None
    except httpx.HTTPError as exc:  # connection refused, DNS, TLS, a broken transfer …
        raise InputError(f"{url}: cannot fetch it ({type(exc).__name__}: {exc})") from None
    if not data.strip():
        raise InputError(f"{url}: the server sent an empty page")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Fetched(url, final_url, content_type, data, now)


def _read_capped(resp: httpx.Response, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > limits.MAX_FILE_BYTES:
            raise InputError(f"{url}: more than {limits.MAX_FILE_BYTES >> 20} MiB; not a report")
        chunks.append(chunk)
    return b"".join(chunks)


def add_url(url: str, *, timeout_s: float = TIMEOUT_S, **add_args) -> AddResult:
    """Fetch `url` and register what it sends (add_report's other arguments pass through)."""
    fetched = fetch(url, timeout_s=timeout_s)
    name = Path(urlparse(fetched.final_url).path).stem or "page"
    with tempfile.TemporaryDirectory(prefix="gwr-fetch-") as tmp:
        path = Path(tmp) / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)[:60]}{fetched.suffix}"
        path.write_bytes(fetched.data)
        try:
            return add_report(path, url=url, retrieved_at=fetched.retrieved_at, **add_args)
        except (InputError, ParameterError) as exc:  # say which page, not which temporary file
            raise type(exc)(str(exc).replace(str(path), url).replace(path.name, url)) from None
