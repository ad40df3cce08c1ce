"""Trains the Rasa model (cached by the hash of its inputs) and starts/stops the Rasa server and the
action server as child processes."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx
from sqlalchemy.engine import make_url

from faq import db
from faq.export import NLU_DATA, NLU_DOMAIN, export_training_data
from faq.settings import PROJECT_ROOT, database_url, rasa_api_params, rasa_token, state_dir, tracker_store_url

log = logging.getLogger(__name__)

CONFIG = PROJECT_ROOT / "config.yml"


def rasa_bin() -> Path:
    return Path(os.environ.get("RASA_BIN", PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"))


def rasa_python() -> Path:
    """The Python of the Rasa environment (next to the `rasa` script)."""
    return rasa_bin().parent / "python"


LAUNCHER = PROJECT_ROOT / "nlu" / "rasa_launcher.py"


def model_cache() -> Path:
    path = Path(os.environ.get("NACHBARBOT_MODEL_CACHE", PROJECT_ROOT / ".cache" / "models"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def training_inputs(data_dir: Path = NLU_DATA) -> list[Path]:
    components = sorted((PROJECT_ROOT / "nlu" / "components").glob("*.py"))
    return [CONFIG, *components, *sorted(NLU_DOMAIN.glob("*.yml")), *sorted(data_dir.glob("*.yml"))]


def inputs_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def train(*, force: bool = False, data_dir: Path = NLU_DATA, exclude: set[str] = frozenset(),
          quiet: bool = False) -> Path:
    """Export the database's training data, then train unless a model for exactly these inputs exists."""
    with db.session() as s:
        export_training_data(s, exclude)
    name = f"nachbarbot-{inputs_hash(training_inputs(data_dir))}"
    model = model_cache() / f"{name}.tar.gz"
    if model.exists() and not force:
        log.info("using cached model %s", model.name)
        return model
    started = time.monotonic()
    cmd = [str(rasa_bin()), "train", "--config", str(CONFIG), "--domain", str(NLU_DOMAIN), "--data",
           str(data_dir), "--out", str(model_cache()), "--fixed-model-name", name]
    if quiet:
        cmd.append("--quiet")
    env = rasa_env()
    with _rasa_workdir() as cwd:
        result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=quiet, text=True)
    if result.returncode != 0 or not model.exists():
        raise RuntimeError(f"rasa train failed ({result.returncode}):\n{(result.stdout or '')[-3000:]}"
                           f"{(result.stderr or '')[-3000:]}")
    log.info("trained %s in %.0f s", model.name, time.monotonic() - started)
    _prune_models(keep=model)
    return model


def _prune_models(keep: Path, count: int = 3) -> None:
    """Keep the newest few models in the cache, so switching back and forth stays cheap but the disk does not fill."""
    models = sorted(model_cache().glob("nachbarbot-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[count:]:
        if old != keep:
            old.unlink(missing_ok=True)


@contextmanager
def _rasa_workdir() -> Iterator[Path]:
    """Rasa writes caches and a .rasa folder into its working directory: keep them out of the repo."""
    path = state_dir() / "rasa"
    path.mkdir(parents=True, exist_ok=True)
    yield path


def rasa_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env["MPLCONFIGDIR"] = str(state_dir() / "rasa" / "mpl")
    env["PYTHONPATH"] = str(PROJECT_ROOT)  # our own Rasa component: nlu/components/
    env["NACHBARBOT_MODEL_DIR"] = str(model_cache())  # the only folder Rasa loads models from (rasa_launcher)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    processes: list[subprocess.Popen] = field(default_factory=list)
    supervisor: "Supervisor | None" = None

    def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
        for proc in reversed(self.processes):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in reversed(self.processes):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _spawn(cmd: list[str], env: dict[str, str], log_name: str, cwd: Path) -> subprocess.Popen:
    """A child whose log goes to the state folder, as JSON lines unless LOG_FORMAT=text."""
    env = {"LOG_FORMAT": "json", **env, "NACHBARBOT_SERVICE": log_name}
    logfile = open(state_dir() / f"{log_name}.log", "ab")  # noqa: SIM115 - owned by the child
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=logfile, stderr=subprocess.STDOUT,
                            start_new_session=True)


def start_action_server(port: int) -> subprocess.Popen:
    cmd, env = action_server_command(port)
    return _spawn(cmd, env, "action-server", PROJECT_ROOT)


def start_worker() -> subprocess.Popen:
    """The hand-over worker: outbox delivery (mail, Telegram), reply mails, reminders, retention."""
    env = dict(os.environ, DATABASE_URL=database_url(), PYTHONPATH=str(PROJECT_ROOT))
    return _spawn([sys.executable, "-m", "worker.run"], env, "worker", PROJECT_ROOT)


def start_admin(rasa_url: str) -> subprocess.Popen:
    """The web admin (admin/app.py) on ADMIN_HOST:ADMIN_PORT; it loads retrained models into `rasa_url`."""
    env = dict(os.environ, DATABASE_URL=database_url(), PYTHONPATH=str(PROJECT_ROOT), RASA_URL=rasa_url)
    return _spawn([sys.executable, "-m", "bot.cli", "admin"], env, "admin", PROJECT_ROOT)


def tracker_store_config(url: str) -> dict:
    """Rasa's SQLTrackerStore settings for a SQLAlchemy URL (SQLite file or a PostgreSQL server)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": parsed.database}
    config = {"type": "SQL", "dialect": "postgresql", "url": parsed.host or "localhost",  # Rasa: url = host
              "port": parsed.port or 5432, "db": parsed.database, "username": parsed.username or "",
              "password": parsed.password or ""}
    return config


def lock_store_config(url: str) -> dict | None:
    """Rasa's lock store: in memory for one Rasa server (default); Redis (LOCK_STORE_URL=redis://host:port/db)
    when several Rasa servers serve the same conversations in turn, so one message is handled at a time."""
    if not url:
        return None
    parsed = make_url(url)
    if parsed.get_backend_name() != "redis":
        raise ValueError(f"LOCK_STORE_URL must be a redis:// URL, not {parsed.get_backend_name()}")
    config = {"type": "redis", "url": parsed.host or "localhost", "port": parsed.port or 6379,
              "db": int(parsed.database or 1), "key_prefix": "nachbarbot"}
    if parsed.password:
        config["password"] = parsed.password
    return config


def write_endpoints(port: int, action_url: str) -> Path:
    endpoints = state_dir() / "rasa" / f"endpoints-{port}.yml"
    endpoints.parent.mkdir(parents=True, exist_ok=True)
    content = {"action_endpoint": {"url": f"{action_url}/webhook"},
               "tracker_store": tracker_store_config(tracker_store_url())}
    lock_store = lock_store_config(os.environ.get("LOCK_STORE_URL", ""))
    if lock_store:
        content["lock_store"] = lock_store
    endpoints.write_text(json.dumps(content, indent=2), encoding="utf-8")  # JSON is YAML
    endpoints.chmod(0o600)
    return endpoints


def write_credentials() -> Path:
    """The one input channel: our strict REST channel (nlu/channels.py) at /webhooks/rest/webhook."""
    credentials = state_dir() / "rasa" / "credentials.yml"
    credentials.parent.mkdir(parents=True, exist_ok=True)
    credentials.write_text(json.dumps({"nlu.channels.StrictRestInput": {}}), encoding="utf-8")
    return credentials


def rasa_command(model: Path, port: int, action_url: str) -> list[str]:
    endpoints = write_endpoints(port, action_url)
    return [str(rasa_python()), str(LAUNCHER), "run", "--enable-api", "--auth-token", rasa_token(), "--model",
            str(model), "--port", str(port), "--interface", os.environ.get("RASA_HOST", "127.0.0.1"),
            "--endpoints", str(endpoints), "--credentials", str(write_credentials())]


def action_server_command(port: int) -> tuple[list[str], dict[str, str]]:
    """Rasa SDK's server; it has no authentication of its own, so it listens on loopback (ACTION_HOST) for
    the Rasa server on the same machine only."""
    env = dict(os.environ, DATABASE_URL=database_url(), PYTHONPATH=str(PROJECT_ROOT),
               SANIC_HOST=os.environ.get("ACTION_HOST", "127.0.0.1"))
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)], env


def start_rasa(model: Path, port: int, action_url: str) -> subprocess.Popen:
    return _spawn(rasa_command(model, port, action_url), rasa_env(), "rasa-server", state_dir() / "rasa")


def wait_until_ready(stack: Stack, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            for proc in stack.processes:
                if proc.poll() is not None:
                    raise RuntimeError(f"a server exited early (code {proc.returncode}); see the logs in {state_dir()}")
            try:
                ok_actions = client.get(f"{stack.action_url}/health").status_code == 200
                ok_rasa = client.post(f"{stack.rasa_url}/model/parse", json={"text": "hallo"},
                                      params=rasa_api_params()).status_code == 200
                if ok_actions and ok_rasa:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
    raise TimeoutError(f"the Rasa stack did not come up within {timeout:.0f} s; see the logs in {state_dir()}")


@contextmanager
def running_stack(model: Path | None = None, *, rasa_port: int | None = None, action_port: int | None = None,
                  action_endpoint: str | None = None, worker: bool = False, supervise: bool = False
                  ) -> Iterator[Stack]:
    """Start the action server and the Rasa server on loopback (and the hand-over worker if asked); stop
    all on exit. Rasa calls the actions at `action_endpoint` if given (a proxy in tests), else directly.
    With `supervise`, a part that dies is restarted (bot/supervisor.py)."""
    from bot.supervisor import Supervisor

    model = model or train(quiet=True)
    action_port = action_port or free_port()
    rasa_port = rasa_port or free_port()
    stack = Stack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}")
    starters = [("action server", lambda: start_action_server(action_port)),
                ("Rasa server", lambda: start_rasa(model, rasa_port, action_endpoint or stack.action_url))]
    if worker:
        starters.append(("worker", start_worker))
        starters.append(("admin", lambda: start_admin(stack.rasa_url)))
    try:
        for _, start in starters:
            stack.processes.append(start())
        wait_until_ready(stack)
        if supervise:
            stack.supervisor = Supervisor(stack.processes, starters)
            stack.supervisor.start()
        yield stack
    finally:
        stack.stop()


def have_rasa() -> bool:
    return rasa_bin().exists() or shutil.which("rasa") is not None
