"""Starting the hand-over worker as its own process (so a test can kill it), and waiting for things."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from faq.settings import PROJECT_ROOT, state_dir


class WorkerProcess:
    def __init__(self, env: dict[str, str]):
        self.env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "OUTBOX_POLL_SECONDS": "0.2",
                    "IMAP_POLL_SECONDS": "0.5", **env}
        self.proc: subprocess.Popen | None = None
        self.log = state_dir() / "test-worker.log"

    def start(self) -> "WorkerProcess":
        logfile = open(self.log, "ab")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen([sys.executable, "-m", "worker.run"], env=self.env, cwd=PROJECT_ROOT,
                                     stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, as a crash or an OOM kill would do."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        return Path(self.log).read_text(encoding="utf-8", errors="replace") if Path(self.log).exists() else ""


def eventually(check: Callable[[], Any], timeout: float = 30.0, interval: float = 0.1, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what or check}")
        time.sleep(interval)
