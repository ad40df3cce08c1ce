"""Keeps the children of `nachbarbot run` alive: a Rasa server, action server or worker that dies is
restarted with back-off; after repeated deaths the supervisor gives up loudly and `nachbarbot run` ends
with a non-zero exit code instead of telling users "gespeichert" forever."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)

GAVE_UP: list[str] = []  # names of the parts that could not be kept up (checked by the CLI's exit code)


class Supervisor(threading.Thread):
    def __init__(self, processes: list[subprocess.Popen], starters: list[tuple[str, Callable[[], subprocess.Popen]]],
                 max_restarts: int = 5, window: float = 600.0, interval: float = 1.0):
        super().__init__(daemon=True, name="supervisor")
        self.processes = processes  # the stack's list: restarted processes replace their entry
        self.starters = starters  # (name, start) in the same order as processes
        self.max_restarts, self.window, self.interval = max_restarts, window, interval
        self.restarts: dict[str, list[float]] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            for index, (name, start) in enumerate(self.starters):
                proc = self.processes[index]
                if proc.poll() is None or self.stopping.is_set():
                    continue
                now = time.monotonic()
                recent = [t for t in self.restarts.get(name, []) if now - t < self.window] + [now]
                self.restarts[name] = recent
                if len(recent) > self.max_restarts:
                    log.error("%s died %d times within %.0f s; giving up", name, len(recent), self.window)
                    GAVE_UP.append(name)
                    os.kill(os.getpid(), signal.SIGINT)  # ends `nachbarbot run`, which stops the rest
                    return
                delay = min(2 ** (len(recent) - 1), 30)
                log.warning("%s exited (code %s); restarting in %d s", name, proc.returncode, delay)
                if self.stopping.wait(delay):
                    return
                self.processes[index] = start()

    def stop(self) -> None:
        self.stopping.set()
