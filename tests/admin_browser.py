"""The web admin for tests: a real `nachbarbot admin` process on loopback, and Debian's Chromium driven by
Playwright for Python (nothing is downloaded by Playwright). Without /usr/bin/chromium the browser tests
are skipped with the reason; CI installs it (scripts/test)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.stack import free_port
from faq import accounts, db
from faq.settings import state_dir

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="Debian's chromium is not installed (apt-get install chromium); "
                                           "CI installs it")


class AdminServer:
    def __init__(self, rasa_url: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = state_dir() / "test-admin.log"
        env = dict(os.environ, ADMIN_PORT=str(self.port), ADMIN_HOST="127.0.0.1", PYTHONPATH=str(PROJECT_ROOT))
        if rasa_url:
            env["RASA_URL"] = rasa_url  # where "Neu trainieren" loads the new model
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "admin"], env=env, cwd=PROJECT_ROOT,
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)  # noqa: SIM115
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/admin/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise TimeoutError(f"the admin did not start; see {self.log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def new_account(role: str, rb_code: str | None = None) -> tuple[str, str]:
    name = f"{role}-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    with db.session() as s:
        accounts.add(s, name, password, role, rb_code)
    return name, password


def log_in(page, base: str, name: str, password: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/admin/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def shoot(page, name: str) -> None:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture(scope="module")
def admin_server():
    server = AdminServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); CI installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE")
    yield context.new_page()
    context.close()
