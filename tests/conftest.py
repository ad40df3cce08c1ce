"""Real parts for the tests: a seeded database, a trained Rasa model (cached by the hash of its inputs,
so a run trains at most once), a running action server and Rasa server, and python-telegram-bot
against a fake Bot API server on loopback."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

_STATE = Path(tempfile.mkdtemp(prefix="nachbarbot-test-"))
os.environ["NACHBARBOT_HOME"] = str(_STATE)
os.environ["DATABASE_URL"] = f"sqlite:///{_STATE / 'test.db'}"
os.environ["PSEUDONYM_KEY"] = "test-key-not-secret"
os.environ.pop("TELEGRAM_BOT_TOKEN", None)
os.environ.pop("RASA_URL", None)
os.environ["INBOX_RETRY_SECONDS"] = "0.5"

from bot import stack as stack_mod  # noqa: E402
from faq import db  # noqa: E402
from faq.seed import seed  # noqa: E402
from tests.fake_telegram import FakeBotApi  # noqa: E402
from tests.proxy import ToggleProxy  # noqa: E402

_chat_ids = itertools.count(100_001)


@pytest.fixture(scope="session", autouse=True)
def seeded_database() -> str:
    db.upgrade()
    with db.session() as s:
        seed(s)
    return os.environ["DATABASE_URL"]


@pytest.fixture(scope="session")
def model(seeded_database: str) -> Path:
    return stack_mod.train(quiet=True)


@pytest.fixture(scope="session")
def action_proxy() -> ToggleProxy:
    port = stack_mod.free_port()
    proxy = ToggleProxy(port).start()
    proxy.action_port = port  # type: ignore[attr-defined]
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def stack(model: Path, action_proxy: ToggleProxy):
    with stack_mod.running_stack(model, action_port=action_proxy.action_port,  # type: ignore[attr-defined]
                                 action_endpoint=action_proxy.url) as running:
        yield running


@pytest.fixture(scope="session")
def rasa_proxy(stack) -> ToggleProxy:
    proxy = ToggleProxy(int(stack.rasa_url.rsplit(":", 1)[1])).start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def fake_api() -> FakeBotApi:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
async def telegram_app(fake_api: FakeBotApi, rasa_proxy: ToggleProxy):
    from bot.telegram_app import BotConfig, build_application

    app = build_application(BotConfig(token="123456:TEST", rasa_url=rasa_proxy.url, base_url=fake_api.base_url))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        yield app
        await app.updater.stop()
        await app.stop()


@pytest.fixture
def chat_id() -> int:
    """A fresh Telegram chat (a new user) for each test."""
    return next(_chat_ids)


@pytest.fixture
async def asker(stack):
    from bot.ask import Asker

    a = Asker(stack.rasa_url)
    yield a
    await a.aclose()
