"""The production layout on one machine, on loopback: PostgreSQL (application data and Rasa's tracker store),
Redis (Rasa's lock store), N action servers, N Rasa servers, N Telegram bot replicas in webhook mode, one
hand-over worker, and nginx in front balancing the webhook and Rasa's API. Every part is a real server
started from the machine's Debian packages; nothing is mocked but Telegram (TELEGRAM_BASE_URL).

    .venv/bin/python -m deploy.local_cluster --telegram-base-url http://127.0.0.1:PORT/bot

starts it and prints the URLs; Ctrl-C stops everything. The test suite (tests/test_scaleout.py) and the load
test (benchmarks/bench_scaleout.py) use `Cluster` directly."""

from __future__ import annotations

import argparse
import glob
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.stack import free_port

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = Path(__file__).resolve().parent / "nginx" / "nachbarbot.conf.template"
NACHBARBOT = [sys.executable, "-m", "bot.cli"]


class ClusterUnavailable(RuntimeError):
    """A server this layout needs is not installed (the message says which Debian package)."""


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_servers() -> list[str]:
    """Debian packages this layout needs that are not installed."""
    missing = []
    if pg_bin() is None:
        missing.append("postgresql")
    if not (shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()):
        missing.append("redis-server")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing.append("nginx")
    return missing


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def render_nginx_site(ports: dict[str, int], replicas: int) -> str:
    """The nginx site for these replicas (each upstream server is skipped for 5 s after one failure)."""
    def servers(kind: str) -> str:
        return "\n".join(f"    server 127.0.0.1:{ports[f'{kind}-{i}']} max_fails=1 fail_timeout=5s;"
                         for i in range(replicas))

    return (NGINX_TEMPLATE.read_text(encoding="utf-8")
            .replace("@@BOT_SERVERS@@", servers("bot")).replace("@@RASA_SERVERS@@", servers("rasa"))
            .replace("@@ACTION_SERVERS@@", servers("actions"))
            .replace("@@WEBHOOK_LISTEN@@", f"127.0.0.1:{ports['nginx_webhook']}")
            .replace("@@RASA_LISTEN@@", f"127.0.0.1:{ports['nginx_rasa']}")
            .replace("@@ACTIONS_LISTEN@@", f"127.0.0.1:{ports['nginx_actions']}"))


@dataclass
class Cluster:
    telegram_base_url: str
    replicas: int = 2
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="nachbarbot-cluster-")))
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    webhook_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    ports: dict[str, int] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    # --- URLs ---------------------------------------------------------------------------------------
    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['nginx_webhook']}/telegram"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['nginx_rasa']}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['nginx_actions']}"

    @property
    def state(self) -> Path:
        return self.base / "state"

    # --- start --------------------------------------------------------------------------------------
    def start(self) -> "Cluster":
        missing = missing_servers()
        if missing:
            raise ClusterUnavailable(f"install Debian's {', '.join(missing)} to run the replica layout")
        self.state.mkdir(parents=True, exist_ok=True)
        try:
            self._postgres()
            self._redis()
            self._allocate_ports()
            self._environment()
            self._database()
            self._nginx()
            for i in range(self.replicas):
                self._start_replica(i)
                if i == 0:  # the first Rasa server creates the tracker store's tables; the others find them
                    self.wait_ready({"rasa-0"})
            self._start("worker", [*NACHBARBOT, "worker"])
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _postgres(self) -> None:
        bindir = pg_bin()
        pg = self.base / "pg"
        pg.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
            shutil.chown(pg, "postgres", "postgres")
        port = self.ports["postgres"] = free_port()
        subprocess.run(as_postgres([str(bindir / "initdb"), "-D", str(pg / "data"), "-A", "trust", "-U",
                                     "postgres", "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
        subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(pg / "data"), "-l", str(pg / "log"), "-w",
                                     "-o", f"-p {port} -k {pg} -c listen_addresses=127.0.0.1 -c max_connections=300",
                                     "start"]), check=True, capture_output=True)
        self._pg_ctl = [str(bindir / "pg_ctl"), "-D", str(pg / "data")]
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE nachbarbot")
            conn.execute("CREATE DATABASE rasa")  # Rasa's tracker store in a database of its own

    def _redis(self) -> None:
        port = self.ports["redis"] = free_port()
        self._start("redis", [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port),
                              "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], own_env=False)

    def _environment(self) -> None:
        from cryptography.fernet import Fernet

        pg = f"127.0.0.1:{self.ports['postgres']}"
        for name in ("nginx_webhook", "nginx_rasa", "nginx_actions"):
            self.ports[name] = free_port()
        self.env = {
            **os.environ,
            "NACHBARBOT_HOME": str(self.state),
            "DATABASE_URL": f"postgresql+psycopg://postgres@{pg}/nachbarbot",
            "TRACKER_STORE_URL": f"postgresql://postgres@{pg}/rasa",
            "LOCK_STORE_URL": f"redis://127.0.0.1:{self.ports['redis']}/1",
            # the secrets every replica must share (on several machines: the same values in each unit's env)
            "RASA_TOKEN": secrets.token_urlsafe(32),
            "PSEUDONYM_KEY": secrets.token_hex(32),
            "REPLY_ADDRESS_KEY": Fernet.generate_key().decode(),
            "TELEGRAM_BOT_TOKEN": "123456:cluster-test",
            "TELEGRAM_BASE_URL": self.telegram_base_url,
            "TELEGRAM_WEBHOOK_URL": self.webhook_url,
            "TELEGRAM_WEBHOOK_SECRET": self.webhook_secret,
            "RASA_URL": self.rasa_url,
            "RASA_REPLICA_URLS": ",".join(f"http://127.0.0.1:{self.ports[f'rasa-{i}']}" for i in range(self.replicas)),
            "INBOX_RETRY_SECONDS": os.environ.get("INBOX_RETRY_SECONDS", "3"),
            "LOG_FORMAT": "json",
            "PYTHONPATH": str(PROJECT_ROOT),
        }

    def _database(self) -> None:
        for step in (["db", "upgrade"], ["db", "seed"]):
            subprocess.run([*NACHBARBOT, *step], env=self.env, cwd=PROJECT_ROOT, check=True, capture_output=True)
        # the active model, trained once (cached by the hash of its inputs) before the Rasa replicas start
        subprocess.run([sys.executable, "-c", "from bot import retraining; retraining.startup_model()"],
                       env=self.env, cwd=PROJECT_ROOT, check=True, capture_output=True)

    def _allocate_ports(self) -> None:
        for i in range(self.replicas):
            for kind in ("actions", "rasa", "bot"):
                self.ports[f"{kind}-{i}"] = free_port()

    def _start_replica(self, i: int) -> None:
        for kind in ("actions", "rasa", "bot"):
            self.start_part(f"{kind}-{i}")

    def start_part(self, name: str) -> None:
        """Start one part (e.g. "rasa-1") on its port; also what brings a killed part back with the same
        ports, as systemd's Restart=always does."""
        kind, _, i = name.partition("-")
        port = str(self.ports[name])
        if kind == "actions":
            self._start(name, [*NACHBARBOT, "actions", "--port", port])
        elif kind == "rasa":
            self._start(name, [*NACHBARBOT, "rasa", "--port", port], ACTION_URL=self.action_url)
        elif kind == "bot":
            self._start(name, [*NACHBARBOT, "bot"], TELEGRAM_WEBHOOK_PORT=port, TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                        NACHBARBOT_REPLICA=i)
        else:
            raise ValueError(name)

    restart = start_part

    def _nginx(self) -> None:
        prefix = self.base / "nginx"
        prefix.mkdir()
        (prefix / "nachbarbot.conf").write_text(render_nginx_site(self.ports, self.replicas), encoding="utf-8")
        temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (prefix / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
            f"events {{ worker_connections 4096; }}\nhttp {{\n    access_log off;\n{temp}\n"
            f"    include {prefix}/nachbarbot.conf;\n}}\n", encoding="utf-8")
        self._start("nginx", [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c",
                              str(prefix / "nginx.conf")], own_env=False)

    def _start(self, name: str, cmd: list[str], own_env: bool = True, **extra: str) -> None:
        env = {**(self.env if own_env else os.environ), **extra, "NACHBARBOT_SERVICE": name}
        log = open(self.state / f"{name}.log", "ab")  # noqa: SIM115 - owned by the child
        self.processes[name] = subprocess.Popen(cmd, env=env, cwd=PROJECT_ROOT, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, parts: set[str] | None = None, timeout: float = 240) -> None:
        """Every Rasa replica answers with its token, every bot replica listens, nginx passes both."""
        deadline = time.monotonic() + timeout
        params = {"token": self.env["RASA_TOKEN"]}
        pending = set(parts) if parts else ({f"rasa-{i}" for i in range(self.replicas)}
                                            | {f"bot-{i}" for i in range(self.replicas)} | {"nginx"})
        with httpx.Client(timeout=3) as client:
            while pending and time.monotonic() < deadline:
                for name, proc in self.processes.items():
                    if proc.poll() is not None:
                        raise RuntimeError(f"{name} exited early (code {proc.returncode}); see {self.state}/{name}.log")
                for name in sorted(pending):
                    try:
                        if name.startswith("rasa"):
                            ok = client.post(f"http://127.0.0.1:{self.ports[name]}/model/parse",
                                             json={"text": "hallo"}, params=params).status_code == 200
                        elif name.startswith("bot"):
                            ok = client.post(f"http://127.0.0.1:{self.ports[name]}/telegram").status_code in (200, 400, 403)
                        else:
                            ok = client.get(f"{self.rasa_url}/status", params=params).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    if ok:
                        pending.discard(name)
                time.sleep(0.5)
        if pending:
            raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(sorted(pending))}; logs in {self.state}")

    # --- faults and stop ----------------------------------------------------------------------------
    def kill(self, name: str) -> None:
        """SIGKILL a part and its children (Sanic forks workers), as a crash would."""
        proc = self.processes[name]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    def stop(self) -> None:
        for proc in reversed(list(self.processes.values())):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.processes.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if getattr(self, "_pg_ctl", None):
            subprocess.run(as_postgres([*self._pg_ctl, "-m", "fast", "stop"]), capture_output=True)
        if not os.environ.get("NACHBARBOT_KEEP_CLUSTER"):  # set it to read the logs afterwards
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--telegram-base-url", default=os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"))
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop everything on SIGTERM as on Ctrl-C
    with Cluster(args.telegram_base_url, replicas=args.replicas) as cluster:
        print(f"webhook (nginx): {cluster.webhook_url}\nRasa API (nginx): {cluster.rasa_url}\n"
              f"logs: {cluster.state}\nprocesses: {', '.join(cluster.processes)}\nCtrl-C stops all", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
