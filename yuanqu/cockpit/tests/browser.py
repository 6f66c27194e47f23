"""Playwright driving Debian's chromium against the live test server (no browser download).

Every request to anything but the test server is aborted and recorded: a page that reaches
outside (a CDN, a web font) fails its test. Console errors and page errors are recorded too.
Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = os.environ.get("YUANQU_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class Session:
    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.outside: list[str] = []
        self.errors: list[str] = []

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def choose(self, select: str, value: str):
        """Pick an option of a self-submitting selector and wait for the new page."""
        with self.page.expect_navigation():
            self.page.select_option(select, value)
        self.page.wait_for_load_state("networkidle")

    def click(self, selector: str):
        with self.page.expect_navigation():
            self.page.click(selector)
        self.page.wait_for_load_state("networkidle")

    def login(self, username: str, password: str = "yuanqu2023"):
        self.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state("networkidle")


@contextmanager
def chromium_session(base_url: str, viewport=(1366, 768)):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"浏览器测试需要 Debian 的 chromium（{CHROMIUM}）：apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread. Test code inside the session that uses
    # the ORM gets connections of its own (another context): they are closed when the session ends,
    # or PostgreSQL cannot drop the test database ("being accessed by other users").
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN",
                                      accept_downloads=True)
        page = context.new_page()
        session = Session(page, base_url)

        def guard(route):
            url = route.request.url
            if url.startswith(base_url) or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                session.outside.append(url)
                route.abort()

        context.route("**/*", guard)
        page.on("console", lambda msg: session.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: session.errors.append(str(exc)))
        try:
            yield session
        finally:
            connections.close_all()  # this context's connections, not the test's own
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert not session.outside, f"页面请求了外部资源：{session.outside}"
    assert not session.errors, f"浏览器控制台报错：{session.errors}"
