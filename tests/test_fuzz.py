"""Fuzzing through the real stack, seeded so every run sends the same messages: 2,000 generated messages
(random scripts, emoji, control characters, markup, injections, commands and payloads, place words, long
texts) from 8 users at once, the way the fronts pass them on. No empty reply, no 5xx, no traceback in a
reply or in the action server's log, no process death, memory bounded."""

from __future__ import annotations

import asyncio
import random
import string
from pathlib import Path

from bot.commands import command_payload
from bot.rasa_client import RasaClient
from faq.settings import state_dir

SEED = 20261125
MESSAGES = 2000
USERS = 8

WORDS = ("ist in köln etwas geplant wann wie viele plätze eae zue notunterkunft wer ansprechpartner termin "
         "prognose märz 2027 quartal anrechnung 600 plätze schlüssel aufnahmequote bielefeld gladbek hamburg "
         "12345 80331 und ab wann abbrechen ja nein danke hallo mensch sprechen löschen status hotel anbieten "
         "what is planned here how many people when csv excel zahlen grafik").split()
SNIPPETS = ["<b>fett</b>", "<script>alert(1)</script>", "'; DROP TABLE tickets; --", "{0}{1}%s%d", "${jndi:x}",
            "\u202eRTL\u202c", "\u200b\u200b", "\x00\x07\x1b[31m", "😀🏠🇩🇪", "ｗｉｄｅ", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "null", "[]", "{}", '{"sender": "x"}', "\\u0000", "../../etc/passwd", "%00", "\t\n\r"]
COMMANDS = ["/start", "/hilfe", "/status", "/status NB-2026-999999", "/loeschen", "/code ABCD-EFGH-JKLM",
            "/abbestellen", "/session_start", "/restart", "/back", '/greet{"language":"fr"}',
            '/inform_place{"place":"99999999"}', "/forecast_file", '/rate{"rating":"+","ref":"faq:x"}',
            "/" + "x" * 300, "/affirm", "/deny", "/cancel"]


def message(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
    if kind < 0.5:
        return rng.choice(COMMANDS)
    if kind < 0.65:
        return rng.choice(SNIPPETS) + " " + rng.choice(WORDS)
    if kind < 0.8:
        return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0xA0, 0x2FFF), rng.randint(0x1F300, 0x1FAFF),
                                       rng.randint(0x4E00, 0x9FFF), rng.randint(0x0600, 0x06FF)]))
                       for _ in range(rng.randint(1, 80)))
    if kind < 0.9:
        return "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40)))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(100, 900)))  # long: the fronts' cap answers


def as_the_fronts_send_it(text: str) -> str:
    """Telegram and the terminal chat: our commands become payloads, any other "/..." is plain text."""
    return command_payload(text) or (text.lstrip("/") if text.startswith("/") else text)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def test_thousands_of_generated_messages_break_nothing(stack):
    rng = random.Random(SEED)
    texts = [message(rng) for _ in range(MESSAGES)]
    log = state_dir() / "action-server.log"
    log_start = log.stat().st_size if log.exists() else 0
    memory_before = {p.pid: rss_mb(p.pid) for p in stack.processes}
    client = RasaClient(stack.rasa_url, timeout=60)
    failures: list[str] = []

    async def user(n: int) -> None:
        sender = f"fuzz-{SEED}-{n}"
        for text in texts[n::USERS]:
            try:
                replies = await client.send(sender, as_the_fronts_send_it(text))
            except Exception as exc:  # noqa: BLE001 - every failure is collected and reported
                failures.append(f"{text[:60]!r}: {type(exc).__name__} {exc}"[:200])
                continue
            if not replies or not any(r.text.strip() or r.attachment for r in replies):
                failures.append(f"{text[:60]!r}: empty reply")
            if any("Traceback" in r.text or "Exception" in r.text for r in replies):
                failures.append(f"{text[:60]!r}: a traceback reached the user")

    try:
        await asyncio.gather(*(user(n) for n in range(USERS)))
    finally:
        await client.aclose()
    assert not failures, f"{len(failures)} failures, e.g. {failures[:5]}"
    assert all(p.poll() is None for p in stack.processes), "a server died"
    new_log = log.read_bytes()[log_start:].decode("utf-8", errors="replace") if log.exists() else ""
    assert "Traceback" not in new_log, new_log[new_log.find("Traceback"):][:1500]
    for proc in stack.processes:
        grown = rss_mb(proc.pid) - memory_before[proc.pid]
        assert grown < 300, f"process {proc.pid} grew by {grown:.0f} MB"
