"""`nachbarbot ask`, the scriptable way in, used the way a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from faq.settings import PROJECT_ROOT

NACHBARBOT = [sys.executable, "-m", "bot.cli"]


def run(args: list[str], stdin: str = "", rasa_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if rasa_url:
        env["RASA_URL"] = rasa_url
    return subprocess.run(NACHBARBOT + args, input=stdin, capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=300)


def test_ask_jsonl_answers_in_input_order_and_keeps_conversations_apart(stack):
    lines = [{"conversation": "c1", "text": "Ist in Köln etwas geplant?"},
             {"conversation": "c2", "text": "Ist in Gladbeck etwas geplant?"},
             {"conversation": "c1", "text": "Und ab wann?"},
             {"conversation": "c2", "text": "wie viele plätze?"}]
    result = run(["ask", "--jsonl"], "\n".join(json.dumps(x) for x in lines) + "\n", stack.rasa_url)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == [x["text"] for x in lines]
    assert "1.4.2027" in out[2]["replies"][0]["text"]
    assert "350" in out[3]["replies"][0]["text"]
    assert out[0]["intent"] == "facility_overview" and 0 < out[0]["confidence"] <= 1
    assert out[0]["replies"][0]["buttons"][0]["payload"].startswith("/")


def test_ask_prints_the_answer(stack):
    result = run(["ask", "Was ist eine Notunterkunft?"], rasa_url=stack.rasa_url)
    assert result.returncode == 0, result.stderr
    assert "Notunterkunft" in result.stdout


def test_ask_jsonl_rejects_bad_input_clearly(stack):
    result = run(["ask", "--jsonl"], "not json\n", stack.rasa_url)
    assert result.returncode == 2 and "line 1" in result.stderr


def test_terminal_chat_numbers_the_buttons(stack):
    result = run(["chat"], "Ist in Köln etwas geplant?\n1\nexit\n", stack.rasa_url)
    assert result.returncode == 0, result.stderr
    assert "ZUE Köln-Porz" in result.stdout
    assert "[1] Ab wann?" in result.stdout
    assert "1.4.2027" in result.stdout, "typing the number sends the button's payload"


def test_ask_jsonl_answers_every_line_even_a_broken_one(stack):
    lines = ['{"conversation": "a", "text": "Ist in Köln etwas geplant?"}',
             '{"conversation": "b", "text": "\\ud800"}', '{"conversation": "c", "text": "   "}',
             '{"conversation": "d", "text": "Was ist eine ZUE?"}']
    result = run(["ask", "--jsonl"], "\n".join(lines) + "\n", stack.rasa_url)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["conversation"] for o in out] == ["a", "b", "c", "d"]
    assert "ZUE Köln-Porz" in out[0]["replies"][0]["text"] and "ZUE" in out[3]["replies"][0]["text"]
    assert "Bitte schreiben Sie Ihre Frage" in out[2]["replies"][0]["text"]


def test_ask_caps_long_messages_like_telegram(stack):
    result = run(["ask", "Frage " * 300], rasa_url=stack.rasa_url)
    assert "zu lang" in result.stdout
