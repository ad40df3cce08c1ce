"""Locked down by default: every server of ours listens on loopback, Rasa's HTTP API wants its token, and
Rasa loads model files only from the project's own model cache."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from faq.settings import rasa_api_params
from tests.admin_browser import admin_server  # noqa: F401 - fixture


def listening(port: int) -> set[str]:
    """The local addresses a TCP port listens on, read from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # LISTEN
                found.add(_address(address))
    return found


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:
        return ".".join(str(int(hex_address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    return "::1" if hex_address == "00000000000000000000000001000000" else hex_address


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def test_rasa_the_action_server_and_the_admin_listen_on_loopback_only(stack, admin_server):  # noqa: F811
    for name, port in (("Rasa", port_of(stack.rasa_url)), ("action server", port_of(stack.action_url)),
                       ("admin", admin_server.port)):
        addresses = listening(port)
        assert addresses and addresses <= {"127.0.0.1", "::1"}, f"{name} listens on {addresses}"


@pytest.mark.parametrize("path", ["/status", "/conversations/someone/tracker"])
def test_rasa_api_needs_the_token(stack, path):
    assert httpx.get(f"{stack.rasa_url}{path}", timeout=10).status_code == 401
    assert httpx.get(f"{stack.rasa_url}{path}", params={"token": "wrong"}, timeout=10).status_code == 401
    assert httpx.get(f"{stack.rasa_url}{path}", params=rasa_api_params(), timeout=10).status_code == 200


def test_only_models_from_the_own_cache_are_loaded(stack, tmp_path):
    foreign = tmp_path / "evil.tar.gz"
    foreign.write_bytes(b"not a model")
    for body in ({"model_file": str(foreign)}, {"model_file": "/etc/passwd"},
                 {"model_server": {"url": "http://127.0.0.1:1/model.tar.gz"}}):
        refused = httpx.put(f"{stack.rasa_url}/model", json=body, params=rasa_api_params(), timeout=30)
        assert refused.status_code == 403, (body, refused.text)
    alive = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": "sec", "message": "hallo"},
                       timeout=30)
    assert alive.status_code == 200 and alive.json(), "the old model keeps answering"
