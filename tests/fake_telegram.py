"""A fake Telegram Bot API server on loopback: python-telegram-bot talks to it over real HTTP.

Tests push updates (what a user types or taps) and read what the bot sent back."""

from __future__ import annotations

import itertools
import json
from email.parser import BytesParser
from email.policy import HTTP
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many users connect at once in the benchmark
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # a client hanging up is no error


class FakeBotApi:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []  # sendMessage calls, with their parameters
        self.calls: list[str] = []
        self.cond = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.failures: list[tuple[int, int]] = []  # (HTTP status, retry_after) answered to the next sendMessage calls
        self.failed_calls = 0
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def start(self) -> "FakeBotApi":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what users do ----------------------------------------------------------------------------
    def _push(self, update: dict[str, Any]) -> None:
        with self.cond:
            update["update_id"] = next(self._update_ids)
            self.updates.append(update)
            self.cond.notify_all()

    @staticmethod
    def _user(chat_id: int, language: str = "de") -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": "Nachbarin", "language_code": language}

    def send_text(self, chat_id: int, text: str, language: str = "de") -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private"}, "from": self._user(chat_id, language), "text": text}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self._push({"message": message})

    def send_group_text(self, chat_id: int, text: str) -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "group", "title": "Nachbarschaft"}, "from": self._user(abs(chat_id)),
                   "text": text}
        self._push({"message": message})

    def edit_text(self, chat_id: int, text: str) -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "edit_date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private"}, "from": self._user(chat_id), "text": text}
        self._push({"edited_message": message})

    def channel_post(self, chat_id: int, text: str) -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "channel", "title": "Kanal"}, "text": text}
        self._push({"channel_post": message})

    def tap_without_message(self, chat_id: int, callback_data: str) -> None:
        self._push({"callback_query": {"id": str(next(self._message_ids)), "from": self._user(chat_id),
                                       "chat_instance": "ci", "inline_message_id": "im1", "data": callback_data}})

    def send_photo(self, chat_id: int) -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private"}, "from": self._user(chat_id),
                   "photo": [{"file_id": "f1", "file_unique_id": "u1", "width": 10, "height": 10}]}
        self._push({"message": message})

    def tap(self, chat_id: int, callback_data: str) -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private"}, "text": "…"}
        self._push({"callback_query": {"id": str(next(self._message_ids)), "from": self._user(chat_id),
                                       "chat_instance": "ci", "data": callback_data, "message": message}})

    def fail_next_sends(self, count: int, status: int = 429, retry_after: int = 1) -> None:
        """Answer the next `count` sendMessage calls with an error, as Telegram does under load."""
        with self.cond:
            self.failures += [(status, retry_after)] * count

    def _take_failure(self, method: str) -> tuple[int, int] | None:
        if method != "sendMessage":
            return None
        with self.cond:
            if self.failures:
                self.failed_calls += 1
                return self.failures.pop(0)
        return None

    # --- what the bot did -------------------------------------------------------------------------
    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self.cond:
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def wait_for(self, chat_id: int, count: int, timeout: float = 30.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while len([m for m in self.sent if int(m["chat_id"]) == chat_id]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"chat {chat_id}: expected {count} messages, got "
                                       f"{[m.get('text') for m in self.sent if int(m['chat_id']) == chat_id]}")
                self.cond.wait(left)
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    # --- the HTTP side ----------------------------------------------------------------------------
    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + wait
        with self.cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            return list(self.updates)

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        self.calls.append(method)
        if method == "getMe":
            return {"id": 4242, "is_bot": True, "first_name": "Nachbarbot", "username": "nachbarbot_test_bot",
                    "can_join_groups": False, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        if method == "getUpdates":
            return self._get_updates(params)
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            with self.cond:
                record = dict(params)
                record["_method"] = method
                if isinstance(record.get("reply_markup"), str):
                    record["reply_markup"] = json.loads(record["reply_markup"])
                record["_received"] = time.monotonic()
                self.sent.append(record)
                self.cond.notify_all()
            return {"message_id": next(self._message_ids), "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", "")}
        return True

    def _control(self, action: str, params: dict[str, Any]) -> Any:
        """For a driver in another process (the benchmark): push a user's text, wait for the bot's replies."""
        if action == "send_text":
            self.send_text(int(params["chat_id"]), str(params["text"]))
            return True
        if action == "wait_for":
            try:
                messages = self.wait_for(int(params["chat_id"]), int(params["count"]), float(params.get("timeout", 60)))
            except TimeoutError:
                return None
            # uploaded files (a chart, a CSV) travel as their size: JSON has no bytes
            return [_jsonable(m) for m in messages]
        raise ValueError(action)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms delayed-ACK stalls

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    params = json.loads(body or b"{}")
                elif "multipart/form-data" in ctype:  # sendPhoto, sendDocument: files as parts
                    params = _multipart(ctype, body)
                else:
                    params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                failure = None if self.path.startswith("/_control/") else api._take_failure(self.path.rsplit("/", 1)[-1])
                if failure is not None:
                    status, retry_after = failure
                    answer: dict[str, Any] = {"ok": False, "error_code": status,
                                              "description": "Too Many Requests: retry later" if status == 429
                                              else "Internal Server Error"}
                    if status == 429:
                        answer["parameters"] = {"retry_after": retry_after}
                    payload = json.dumps(answer).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if self.path.startswith("/_control/"):
                    result = api._control(self.path.rsplit("/", 1)[-1], params)
                else:
                    result = api._call(self.path.rsplit("/", 1)[-1], params)
                payload = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST  # noqa: N815

        return Handler


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _multipart(ctype: str, body: bytes) -> dict[str, Any]:
    """Form fields as strings, files as {"filename", "data"} (what the bot uploaded, byte for byte)."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {ctype}\r\n\r\n".encode() + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename():
            params[name] = {"filename": part.get_filename(), "data": data}
        else:
            params[name] = data.decode()
    return params


def main() -> None:
    """Run standalone: prints the port, serves until killed."""
    import sys

    api = FakeBotApi().start()
    print(api.server.server_address[1], flush=True)
    try:
        api.thread.join()
    except KeyboardInterrupt:
        api.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
