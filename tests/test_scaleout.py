"""The production layout with replicas (deploy/local_cluster.py): PostgreSQL, Redis and nginx as real local
servers, two replicas each of the action server, the Rasa server and the Telegram bot in webhook mode. A
resident's conversation keeps its context although every message may land on another replica, and goes on
when one replica of each part is killed.

Skipped with the reason when PostgreSQL, Redis or nginx are not installed (Debian's `postgresql`,
`redis-server`, `nginx`); CI installs them."""

from __future__ import annotations

import itertools
import time

import httpx
import pytest

from deploy.local_cluster import Cluster, missing_servers
from tests.fake_telegram import FakeBotApi

pytestmark = pytest.mark.skipif(bool(missing_servers()),
                                reason=f"install Debian's {', '.join(missing_servers())} for the replica layout")

_update_ids = itertools.count(1)


def text_update(chat_id: int, text: str) -> dict:
    return {"update_id": next(_update_ids),
            "message": {"message_id": next(_update_ids), "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private"},
                        "from": {"id": chat_id, "is_bot": False, "first_name": "Nachbarin", "language_code": "de"},
                        "text": text}}


@pytest.fixture(scope="module")
def api():
    fake = FakeBotApi().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def cluster(api, model):  # noqa: ARG001 - the session's model is trained once and found in the cache
    with Cluster(api.base_url, replicas=2) as running:
        yield running


def say(cluster: Cluster, api: FakeBotApi, chat_id: int, text: str, timeout: float = 40) -> str:
    """What the resident reads after writing `text` (Telegram sends the update again when it gets no 200).
    A reply that says the message was kept for later does not count: the replicas must answer at once."""
    before = len(api.messages_to(chat_id))
    update = text_update(chat_id, text)
    deadline = time.monotonic() + timeout
    while True:
        try:
            response = httpx.post(cluster.webhook_url, json=update, timeout=10,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": cluster.webhook_secret})
            if response.status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the webhook never took the update")
        time.sleep(1)
    messages = api.wait_for(chat_id, before + 1, timeout=timeout)
    return "\n".join(m.get("text", "") for m in messages[before:])


def test_a_conversation_keeps_its_place_across_replicas(cluster, api):
    assert "ZUE Köln-Porz" in say(cluster, api, 7001, "Ist in Köln etwas geplant?")
    # the next messages go round-robin to the other bot and Rasa replica: the place lives in PostgreSQL
    assert "1.4.2027" in say(cluster, api, 7001, "Und ab wann?")
    assert "600" in say(cluster, api, 7001, "Wie viele Plätze?")


def test_the_webhook_behind_nginx_refuses_a_wrong_secret_and_rasa_wants_its_token(cluster):
    response = httpx.post(cluster.webhook_url, json=text_update(7002, "hallo"),
                          headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
    assert response.status_code == 403
    assert httpx.post(f"{cluster.rasa_url}/model/parse", json={"text": "hallo"}).status_code == 401


def test_one_replica_of_each_part_killed_no_message_is_lost_and_the_context_stays(cluster, api):
    residents = range(7100, 7106)
    for chat in residents:
        assert "ZUE Köln-Porz" in say(cluster, api, chat, "Ist in Köln etwas geplant?")
    cluster.kill("bot-0")
    cluster.kill("rasa-1")
    cluster.kill("actions-0")
    for chat in residents:
        assert "1.4.2027" in say(cluster, api, chat, "Und ab wann?", timeout=60), chat
    cluster.restart("actions-0")
    cluster.restart("rasa-1")
    cluster.restart("bot-0")
    cluster.wait_ready()
    for chat in residents:
        assert "600" in say(cluster, api, chat, "Wie viele Plätze?", timeout=60), chat


def test_a_bot_replica_killed_with_updates_in_hand_answers_them_when_it_is_back(cluster, api):
    """The worst moment: the replica has said 200 to Telegram (so Telegram will not send the update again)
    and dies before answering. The update was on disk before the 200; the restarted replica answers it."""
    residents = range(7200, 7205)
    direct = f"http://127.0.0.1:{cluster.ports['bot-1']}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": cluster.webhook_secret}
    with httpx.Client(timeout=5) as client:
        for chat in residents:
            assert client.post(direct, json=text_update(chat, "Ist in Bonn etwas geplant?"),
                               headers=headers).status_code == 200
    cluster.kill("bot-1")
    cluster.restart("bot-1")
    for chat in residents:
        messages = api.wait_for(chat, 1, timeout=60)
        assert any("ZUE Bonn" in m.get("text", "") for m in messages), chat
