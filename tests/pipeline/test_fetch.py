"""`gwr add URL` against a local HTTP server on 127.0.0.1 serving saved pages: UTF-8 and GBK with
a meta charset, a PDF link, a redirect, a redirect loop, a 404, a slow response, a page with no
report. Every failure is one line and writes nothing."""

from __future__ import annotations

import csv
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from _formats import cjk_ttf, to_html, to_pdf

from helpers.cli import main
from helpers.paths import SEED_REPORT

SEED = SEED_REPORT.read_text(encoding="utf-8")
PAGES: dict[str, tuple[int, str, bytes]] = {
    "/report.html": (200, "text/html; charset=utf-8", to_html(SEED)),
    "/gbk.html": (200, "text/html", to_html(SEED, charset="gbk", encoding="gbk")),
    "/report.pdf": (200, "application/pdf", b""),  # filled by the fixture (needs the font)
    "/nothing.html": (200, "text/html", b"<html><body><p>Page not found. Back to the home page.</p></body></html>"),
    "/missing": (404, "text/html", b"<html><body>404</body></html>"),
}
REDIRECTS = {"/moved": "/report.html", "/loop": "/loop2", "/loop2": "/loop"}
SLOW_S = 3.0


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            time.sleep(SLOW_S)
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.end_headers()
            return
        status, ctype, body = PAGES.get(self.path, PAGES["/missing"])
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out first (/slow)
            pass

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    font = cjk_ttf(SEED, tmp_path_factory.mktemp("font") / "noto_sc_subset.ttf")
    PAGES["/report.pdf"] = (200, "application/pdf", to_pdf(SEED, font))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _rows(root: Path) -> list[dict]:
    with open(root / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("page, fmt, encoding", [("/report.html", "html", "utf-8"),
                                                 ("/gbk.html", "html", "gb18030"),
                                                 ("/report.pdf", "pdf", "pdf")])
def test_a_page_is_stored_unchanged_with_its_url_time_and_sha256(server, tmp_path, capsys, page, fmt, encoding):
    root = tmp_path / "raw"
    assert main(["add", server + page, "--root", str(root)]) == 0
    [row] = _rows(root)
    stored = root / row["file"]
    assert stored.read_bytes() == PAGES[page][2]  # the bytes as served
    assert row["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert (row["region_code"], row["report_year"], row["format"], row["encoding"]) == \
        ("inner_mongolia", "2025", fmt, encoding)
    assert row["source_url"] == server + page
    assert row["retrieved_at"].endswith("Z") and row["retrieved_at"][:2] == "20"
    assert "registered Inner Mongolia 2025" in capsys.readouterr().out


def test_a_redirect_is_followed_and_the_given_address_recorded(server, tmp_path):
    root = tmp_path / "raw"
    assert main(["add", server + "/moved", "--root", str(root)]) == 0
    assert _rows(root)[0]["source_url"] == server + "/moved"


@pytest.mark.parametrize("page, args, message", [
    ("/missing", [], "HTTP 404"),
    ("/loop", [], "too many redirects"),
    ("/slow", ["--timeout", "1"], "no answer within 1 s"),
    ("/nothing.html", [], "no report text"),
])
def test_failures_are_one_line_and_write_nothing(server, tmp_path, capsys, page, args, message):
    root = tmp_path / "raw"
    assert main(["add", server + page, "--root", str(root), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and server + page in err, err
    assert not root.exists() or not any(p for p in root.iterdir() if not p.name.startswith("."))


def test_bad_addresses_and_flags(tmp_path, capsys):
    assert main(["add", "ftp://example.org/x.txt", "--root", str(tmp_path)]) == 2
    assert "not an http(s) address" in capsys.readouterr().err
    assert main(["add", "http://127.0.0.1:9/x", "--url", "http://a.b/c", "--root", str(tmp_path)]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["add", str(SEED_REPORT), "--timeout", "3", "--root", str(tmp_path)]) == 2
    assert "--timeout is for a URL" in capsys.readouterr().err


def test_nothing_listening_is_one_line(tmp_path, capsys):
    assert main(["add", "http://127.0.0.1:9/report.html", "--root", str(tmp_path / "raw"), "--timeout", "2"]) == 2
    assert "cannot fetch it" in capsys.readouterr().err
