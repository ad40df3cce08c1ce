"""One part per process, for a production layout with replicas (deploy/): `nachbarbot rasa`, `nachbarbot actions`
and `nachbarbot bot` each serve one part in the foreground, so systemd (or any supervisor) runs and restarts
them; `nachbarbot run` keeps starting everything at once on one machine."""

from __future__ import annotations

import argparse
import os
import time

import httpx


def cmd_rasa(args: argparse.Namespace) -> int:
    """The Rasa server with the active model, calling the action server at ACTION_URL; tracker store
    TRACKER_STORE_URL, lock store LOCK_STORE_URL (Redis) when several Rasa servers share conversations."""
    from bot import retraining, stack

    model = retraining.startup_model()
    action_url = os.environ.get("ACTION_URL", f"http://127.0.0.1:{os.environ.get('ACTION_PORT', '5055')}")
    cmd = stack.rasa_command(model, args.port, action_url)
    workdir = stack.state_dir() / "rasa"
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(workdir)
    os.execve(cmd[0], cmd, stack.rasa_env())  # the supervisor sees Rasa itself: signals, exit code


def cmd_actions(args: argparse.Namespace) -> int:
    from bot import stack

    cmd, env = stack.action_server_command(args.port)
    os.chdir(stack.PROJECT_ROOT)
    os.execve(cmd[0], cmd, env)


def cmd_bot(args: argparse.Namespace) -> int:
    """Only the Telegram front (webhook or polling), talking to the Rasa server(s) at RASA_URL: waits for them,
    never starts a Rasa server of its own."""
    from bot.telegram_app import BotConfig, run_telegram
    from faq.settings import rasa_api_params

    if not os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("nachbarbot bot: TELEGRAM_BOT_TOKEN is not set", flush=True)
        return 2
    url = os.environ.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/")
    deadline = time.monotonic() + args.wait
    while True:  # the bot keeps messages while Rasa is away, but it should not start before Rasa ever was up
        try:
            if httpx.get(f"{url}/status", params=rasa_api_params(), timeout=3).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            break
        time.sleep(1)
    run_telegram(BotConfig.from_env(url))
    return 0


def register_serve_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rasa", help="serve only the Rasa server (active model) in the foreground")
    p.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    p.set_defaults(func=cmd_rasa)
    p = sub.add_parser("actions", help="serve only the action server in the foreground")
    p.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    p.set_defaults(func=cmd_actions)
    p = sub.add_parser("bot", help="serve only the Telegram front, talking to the Rasa server(s) at RASA_URL")
    p.add_argument("--wait", type=float, default=120, help="seconds to wait for Rasa at start (default 120)")
    p.set_defaults(func=cmd_bot)
