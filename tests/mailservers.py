"""Real mail servers on loopback for the tests: an SMTP server (aiosmtpd) that keeps what it receives,
and a throwaway Dovecot IMAP server (Debian's dovecot-imapd) with one mailbox."""

from __future__ import annotations

import asyncio
import email
import email.policy
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

DOVECOT = "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


class _Keep:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(msg)
            self.sink.recipients.append(list(envelope.rcpt_tos))
        if self.sink.delay:  # the worst moment to die: the mail is here, the sender has no "250" yet
            await asyncio.sleep(self.sink.delay)
        return "250 OK"


class SmtpSink:
    """An SMTP server on 127.0.0.1 that stores every message; can be stopped and started on the same port."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.lock = threading.Lock()
        self.delay = 0.0  # seconds between taking a message and confirming it
        self.controller: Controller | None = None

    def start(self) -> "SmtpSink":
        self.controller = Controller(_Keep(self), hostname=self.host, port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def dovecot_unavailable_reason() -> str | None:
    if not os.path.exists(DOVECOT):
        return "Dovecot is not installed (Debian package dovecot-imapd); CI installs it"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("dovenull")
        except KeyError:
            return "Dovecot's system users are missing (reinstall dovecot-core)"
    return None


class Dovecot:
    """A throwaway Dovecot IMAP server in a temporary folder: plain IMAP on loopback, one user."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="nachbarbot-dovecot-"))
        self.host, self.port = "127.0.0.1", free_port()
        self.user, self.password = "bot", "test-password"
        self.conf = self.root / "dovecot.conf"
        self.proc: subprocess.Popen | None = None

    def _write_config(self) -> None:
        me = pwd.getpwuid(os.getuid())
        if os.geteuid() == 0:  # the mail files belong to an unprivileged user; Dovecot drops to it
            owner = pwd.getpwnam("dovecot")
            internal, login = "dovecot", "dovenull"
        else:
            owner, internal, login = me, me.pw_name, me.pw_name
        mail = self.root / "mail"
        mail.mkdir()
        for path in (self.root, mail):
            os.chown(path, owner.pw_uid, owner.pw_gid) if os.geteuid() == 0 else None
        os.chmod(self.root, 0o755)
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n", encoding="utf-8")
        (self.root / "run").mkdir()
        self.conf.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.root}/run
state_dir = {self.root}/state
instance_name = nachbarbot-test-{self.port}
default_internal_user = {internal}
default_internal_group = {pwd.getpwnam(internal).pw_gid if os.geteuid() == 0 else me.pw_gid}
default_login_user = {login}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {self.root}/dovecot.log
mail_location = maildir:{mail}/%u
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""".replace("default_internal_group", "#default_internal_group"), encoding="utf-8")
        (self.root / "state").mkdir()

    def start(self) -> "Dovecot":
        self._write_config()
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        try:
            wait_port(self.port)
        except TimeoutError:
            self.stop()
            raise RuntimeError("Dovecot did not start: " + self.log())
        return self

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def append(self, raw: bytes) -> None:
        with imaplib.IMAP4(self.host, self.port) as imap:
            imap.login(self.user, self.password)
            imap.append("INBOX", None, None, raw)
            imap.logout()


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def dovecot():
    reason = dovecot_unavailable_reason()
    if reason:
        pytest.skip(reason)
    server = Dovecot().start()
    yield server
    server.stop()
