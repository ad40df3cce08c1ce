"""Real mail servers on loopback for the tests: an SMTP server (aiosmtpd) that keeps what it receives,
and a throwaway Dovecot IMAP server (Debian package dovecot-imapd) with one mailbox."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import email
import email.policy
import functools
import grp
import imaplib
import os
import pwd
import re
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

DOVECOT_PATHS = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_answers(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


# --- SMTP -------------------------------------------------------------------------------------------

class _Keep:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(msg)
            self.sink.recipients.append(list(envelope.rcpt_tos))
        if self.sink.delay:  # the worst moment to die: the mail is here, the sender has no "250" yet
            await asyncio.sleep(self.sink.delay)
        return "250 OK"


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message. `stop()` and `start()` again reuse the same
    port, so a test can simulate an outage."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []  # envelope recipients, one list per message
        self.lock = threading.Lock()
        self.delay = 0.0  # seconds between taking a message and confirming it
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> "SmtpSink":
        if self._controller is None:  # a fresh Controller each time: a stopped one has closed its loop
            controller = Controller(_Keep(self), hostname=self.host, port=self.port, enable_SMTPUTF8=True)
            controller.start()
            self._controller = controller
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


# --- IMAP (Dovecot) ---------------------------------------------------------------------------------

def _dovecot_binary() -> str | None:
    return next((p for p in DOVECOT_PATHS if os.access(p, os.X_OK)), None)


def _account(*names: str) -> pwd.struct_passwd | None:
    for name in names:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


@functools.cache
def dovecot_unavailable_reason() -> str | None:
    """None when a throwaway Dovecot can be started here, else why not."""
    binary = _dovecot_binary()
    if binary is None:
        return "Dovecot is not installed (Debian package dovecot-imapd); CI installs it"
    if os.geteuid() == 0 and _account("nobody") is None:
        return "Dovecot needs an unprivileged account to drop root privileges to, and 'nobody' is missing"
    try:
        subprocess.run([binary, "--version"], check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{binary} does not run: {exc}"
    return None


def _others_can_enter(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in (path, *path.parents))


_running: set["Dovecot"] = set()


@atexit.register
def _stop_leftovers() -> None:  # a test run that ends early must not leave servers behind
    for server in list(_running):
        server.stop()


class Dovecot:
    """A throwaway Dovecot IMAP server: its own config, run and state folders and Maildir in a temporary
    folder, plain IMAP (no TLS) on 127.0.0.1 and a free port, one user from a passwd-file.

    As root, Dovecot drops privileges: its helper processes run as `dovecot`/`dovenull` (or `nobody`), the
    mail processes and files belong to `nobody`. As any other user, everything runs as that user."""

    def __init__(self, user: str = "bot", password: str = "test-password") -> None:
        self.host, self.port = "127.0.0.1", free_port()
        self.user, self.password = user, password
        self.root: Path | None = None
        self.proc: subprocess.Popen | None = None

    # -- setup --
    @property
    def conf(self) -> Path:
        assert self.root is not None
        return self.root / "dovecot.conf"

    def _make_root(self) -> Path:
        parent = Path(tempfile.gettempdir())
        if os.geteuid() == 0 and not _others_can_enter(parent):
            parent = Path("/tmp")  # the unprivileged Dovecot processes must be able to reach the folder
        root = Path(tempfile.mkdtemp(prefix="nachbarbot-dovecot-", dir=parent))
        try:
            os.chmod(root, 0o755)
            self._write_config(root)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return root

    def _write_config(self, root: Path) -> None:
        if os.geteuid() == 0:
            mail = _account("nobody")
            internal = _account("dovecot", "nobody")
            login = _account("dovenull", "nobody")
        else:
            mail = internal = login = pwd.getpwuid(os.getuid())
        assert mail and internal and login
        home = root / "home" / self.user
        home.mkdir(parents=True)
        if os.geteuid() == 0:
            os.chown(home, mail.pw_uid, mail.pw_gid)
        # user:password:uid:gid:gecos:home:shell:extra fields
        users = root / "users"
        users.write_text(f"{self.user}:{{PLAIN}}{self.password}:{mail.pw_uid}:{mail.pw_gid}::{home}::\n",
                         encoding="utf-8")
        os.chmod(users, 0o644)
        (root / "dovecot.conf").write_text(f"""\
# A throwaway Dovecot for the tests (tests/mailservers.py)
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = nachbarbot-test-{self.port}
log_path = {root}/dovecot.log
log_timestamp = "%H:%M:%S.%{{usecs}} "
verbose_proctitle = no
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal.pw_name}
default_internal_group = {grp.getgrgid(internal.pw_gid).gr_name}
default_login_user = {login.pw_name}
first_valid_uid = {mail.pw_uid}
last_valid_uid = {mail.pw_uid}
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
service imap-login {{
  chroot =
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
""", encoding="utf-8")

    # -- life cycle --
    def start(self, timeout: float = 15.0) -> "Dovecot":
        if self.proc is not None:
            return self
        fresh = self.root is None
        if fresh:
            self.root = self._make_root()
        binary = _dovecot_binary()
        assert binary is not None, dovecot_unavailable_reason()
        # -F: the master stays in the foreground as our child; it and all its children get their own
        # process group, so `stop()` can end them together
        with open(self.root / "stderr.log", "ab") as stderr:
            self.proc = subprocess.Popen([binary, "-F", "-c", str(self.conf)], stdin=subprocess.DEVNULL,
                                         stdout=stderr, stderr=stderr, start_new_session=True)
        _running.add(self)
        deadline = time.monotonic() + timeout
        while not port_answers(self.host, self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log = self.log()
                self.stop()
                if fresh and "Address already in use" in log:  # taken since free_port(): take another
                    self.port = free_port()
                    return self.start(timeout)
                raise RuntimeError(f"Dovecot did not start on port {self.port}:\n{log}")
            time.sleep(0.02)
        return self

    def stop(self, remove: bool = True) -> None:
        """End the master and every process it started (SIGKILL to the process group: a throwaway server
        has nothing to shut down cleanly, and a graceful SIGTERM costs a second). `remove=False` keeps the
        mailbox, so `start()` brings the same server back (an outage)."""
        proc, self.proc = self.proc, None
        _running.discard(self)
        if proc is not None:
            _kill_process_group(proc.pid)
            proc.wait()
            _wait_process_group(proc.pid)
        if remove and self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def log(self) -> str:
        """The end of Dovecot's log and of what it printed (start-up errors)."""
        paths = [self.root / "dovecot.log", self.root / "stderr.log"] if self.root else []
        return "".join(p.read_text(errors="replace")[-3000:] for p in paths if p.exists())

    # -- mail --
    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Put a message into the mailbox (IMAP APPEND, unread)."""
        with imaplib.IMAP4(self.host, self.port, timeout=10) as imap:
            imap.login(self.user, self.password)
            status, data = imap.append(folder, None, None, raw)
            if status != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")

    def flags(self, folder: str = "INBOX") -> dict[str, set[str]]:
        """UID -> flags of every message in the folder, read without changing anything."""
        with imaplib.IMAP4(self.host, self.port, timeout=10) as imap:
            imap.login(self.user, self.password)
            imap.select(folder, readonly=True)
            _, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            found = (re.search(rb"UID (\d+)", line) for line in data if line)
            return {m.group(1).decode(): {f.decode() for f in imaplib.ParseFlags(m.string)} for m in found if m}


def _kill_process_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def live_group_members(pgid: int) -> list[int]:
    """The processes of a group that still run (zombies waiting for init to reap them do not count)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # state ppid pgrp ...
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            live.append(int(stat.parent.name))
    return live


def _wait_process_group(pgid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while live_group_members(pgid):
        if time.monotonic() > deadline:
            raise RuntimeError(f"Dovecot processes {live_group_members(pgid)} survive SIGKILL")
        _kill_process_group(pgid)
        time.sleep(0.01)


# --- fixtures ---------------------------------------------------------------------------------------

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
