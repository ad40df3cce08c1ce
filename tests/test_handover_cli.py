"""The hand-over on the embedded default: no mail server, mails as .eml files, answers given with
`nachbarbot tickets answer`, and delivered into the terminal chat and the next `ask --session` run."""

from __future__ import annotations

import json
import queue
import re
import subprocess
import threading
import time

from faq.settings import PROJECT_ROOT, rasa_api_params, state_dir
from tests.handover_helpers import WorkerProcess, eventually
from tests.test_cli import NACHBARBOT, run

REF = re.compile(r"NB-\d{4}-\d{6}")


def test_tickets_from_ask_to_eml_to_answer_and_back(stack):
    lines = [{"conversation": "c", "text": "Ist in Bielefeld etwas geplant?"},
             {"conversation": "c", "text": "Ich möchte mit einem Menschen sprechen."},
             {"conversation": "c", "text": "Gibt es in der EAE Bielefeld einen Sprachkurs für Erwachsene?"},
             {"conversation": "c", "text": "/deny"},
             {"conversation": "c", "text": "/affirm"}]
    first = run(["ask", "--session", "eml", "--jsonl"], "\n".join(json.dumps(x) for x in lines) + "\n", stack.rasa_url)
    assert first.returncode == 0, first.stderr
    reference = REF.search(first.stdout).group(0)
    listed = run(["tickets", "list", "--state", "open", "--office", "br-detmold"])
    assert reference in listed.stdout and "Sprachkurs" in listed.stdout
    shown = run(["tickets", "show", reference])
    assert "Bezirksregierung Detmold" in shown.stdout and "Regierungsbezirk Detmold" in shown.stdout

    worker = WorkerProcess({}).start()  # no SMTP_HOST: the mail is written as an .eml file
    try:
        folder = state_dir() / "mail-outbox"
        eml = eventually(lambda: [p for p in folder.glob("*.eml") if reference in p.name], 20, 0.1, "the .eml file")
        content = eml[0].read_text(encoding="utf-8", errors="replace")
        assert "fluechtlinge.detmold@example.org" in content and reference in content
    finally:
        worker.stop()

    answered = run(["tickets", "answer", reference, "--author", "test"], "Ja, dienstags um 10 Uhr.")
    assert answered.returncode == 0, answered.stderr
    later = run(["ask", "--session", "eml", "--jsonl"], json.dumps({"conversation": "c", "text": "/status"}) + "\n",
                stack.rasa_url)
    out = json.loads(later.stdout.splitlines()[0])
    assert any("dienstags um 10 Uhr" in n and reference in n for n in out["notifications"])
    assert "beantwortet" in out["replies"][0]["text"]
    closed = run(["tickets", "close", reference])
    assert closed.returncode == 0 and "abgeschlossen" in closed.stdout


def test_tickets_answer_unknown_reference_says_so():
    result = run(["tickets", "answer", "NB-2026-999999"], "Hallo")
    assert result.returncode == 1 and "Keine Anfrage" in result.stderr


class TerminalChat:
    """`nachbarbot chat` as a person uses it: lines typed in, the screen read line by line."""

    def __init__(self, rasa_url: str):
        import os

        env = dict(os.environ, RASA_URL=rasa_url)
        self.proc = subprocess.Popen(NACHBARBOT + ["chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, cwd=PROJECT_ROOT, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(x) for x in self.proc.stdout], daemon=True).start()

    def type(self, text: str) -> None:
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if re.search(pattern, self.seen[-1]):
                return self.seen[-1]
        raise TimeoutError(f"{pattern!r} not in {self.seen}")

    def close(self) -> None:
        self.type("exit")
        self.proc.wait(timeout=20)


def test_terminal_chat_shows_the_office_answer_when_it_arrives(stack):
    terminal = TerminalChat(stack.rasa_url)
    try:
        for text in ("Ist in Unna etwas geplant?", "ich will mit einem menschen reden",
                     "Wann ist in der EAE Unna Besuchszeit?", "2"):
            terminal.type(text)
            time.sleep(0.3)
        terminal.wait_for(r"Bitte prüfen")
        terminal.type("1")
        reference = REF.search(terminal.wait_for(r"NB-\d{4}-\d{6}")).group(0)
        answered = run(["tickets", "answer", reference], "Besuch ist täglich ab 14 Uhr möglich.")
        assert answered.returncode == 0, answered.stderr
        line = terminal.wait_for(r"ab 14 Uhr", timeout=20)
        assert reference in "".join(terminal.seen[-5:]) or reference in line
    finally:
        terminal.close()


def test_a_killed_rasa_server_is_restarted(model):
    import os
    import signal

    import httpx

    from bot import stack as stack_mod

    with stack_mod.running_stack(model, supervise=True) as running:
        rasa = running.processes[1]
        os.killpg(rasa.pid, signal.SIGKILL)

        def answers() -> bool:
            try:
                return httpx.post(f"{running.rasa_url}/model/parse", json={"text": "hallo"}, params=rasa_api_params(),
                                  timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        eventually(lambda: running.processes[1].pid != rasa.pid and answers(), 90, 0.5, "Rasa back")


def test_terminal_chat_keeps_a_message_while_rasa_is_away(rasa_proxy):
    terminal = TerminalChat(rasa_proxy.url)
    try:
        terminal.wait_for("Hallo")
        rasa_proxy.set_enabled(False)
        terminal.type("Ist in Bochum etwas geplant?")
        terminal.wait_for("gespeichert")
        rasa_proxy.set_enabled(True)
        terminal.wait_for("Zu Ihrer Nachricht", timeout=30)
        terminal.wait_for("EAE Bochum", timeout=10)
    finally:
        rasa_proxy.set_enabled(True)
        terminal.close()
