"""The real thing: `voxpop init --admin` then `voxpop serve` (gunicorn), and the printed
admin signs in over HTTP. This is what `make run` does, minus the demo data."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

VOXPOP = str(Path(sys.executable).with_name("voxpop"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOXPOP_", "DJANGO_"))}
    env["VOXPOP_DATA_DIR"] = str(tmp_path / "var")
    init = subprocess.run([VOXPOP, "init", "--admin"], env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    password = re.search(r"password:\s+(\S+)", init.stdout)
    assert password, init.stdout
    port = free_port()
    server = subprocess.Popen(
        [VOXPOP, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        else:
            pytest.fail("voxpop serve did not answer within 30 s")
        yield base, password.group(1)
    finally:
        server.terminate()
        server.wait(timeout=15)


@pytest.mark.slow
def test_the_printed_admin_signs_in_to_the_served_app(served: tuple[str, str]) -> None:
    base, password = served
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/sign-in").read().decode()
    assert "<form" in page and 'name="password"' in page
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    body = urllib.parse.urlencode({"username": "admin", "password": password, "csrfmiddlewaretoken": csrf})
    request = urllib.request.Request(
        base + "/sign-in", data=body.encode(), headers={"Referer": base + "/sign-in"}, method="POST"
    )
    home = opener.open(request)
    assert home.geturl() == base + "/"
    html = home.read().decode()
    assert 'data-count="conversations">0<' in html
    assert "admin · Admin" in html
    assert home.headers["Content-Security-Policy"].startswith("default-src 'self'")
    css = opener.open(base + "/static/voxpop/voxpop.css")
    assert css.status == 200 and "text/css" in css.headers["Content-Type"]
