"""Log-in for the web admin: Argon2 accounts (faq.accounts), a signed session cookie that expires after
ADMIN_SESSION_IDLE_MINUTES without activity and ADMIN_SESSION_MAX_HOURS in all, failed log-ins slowed
down and locked. Whoever is logged in is the actor of the audit log for the request."""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette_admin.auth import AdminUser, AuthProvider, LoginFailed

from faq import accounts, db
from faq.accounts import Account
from faq.audit import ACTOR
from faq.settings import state_dir

FAILED_LOGIN_DELAY = 1.0  # seconds added to every failed log-in


def idle_seconds() -> float:
    return float(os.environ.get("ADMIN_SESSION_IDLE_MINUTES") or 30) * 60


def max_seconds() -> float:
    return float(os.environ.get("ADMIN_SESSION_MAX_HOURS") or 10) * 3600


def secret_key() -> str:
    """ADMIN_SECRET_KEY, or a random key kept in the state folder (the same for every admin process)."""
    configured = os.environ.get("ADMIN_SECRET_KEY")
    if configured:
        return configured
    path = state_dir() / "admin-secret.key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@dataclass
class StaffUser(AdminUser):
    account: Account | None = None


def _login(username: str, password: str) -> accounts.LoginResult:
    with db.session() as s:
        return accounts.login(s, username, password)


def _get(account_id: int) -> Account | None:
    with db.session() as s:
        return accounts.get(s, account_id)


class StaffAuth(AuthProvider):
    async def login(self, username: str, password: str, remember_me: bool, request: Request) -> None:
        result = await asyncio.to_thread(_login, username, password)
        if result.account is None:
            await asyncio.sleep(FAILED_LOGIN_DELAY)
            if result.reason == "locked":
                raise LoginFailed("Zu viele Fehlversuche: Das Konto ist für 15 Minuten gesperrt.")
            raise LoginFailed("Benutzername oder Passwort ist falsch.")
        request.session.clear()
        now = time.time()
        request.session.update({"account": result.account.id, "started": now, "seen": now})

    async def authenticate(self, request: Request) -> StaffUser | None:
        session = request.session
        account_id, started, seen = session.get("account"), session.get("started", 0), session.get("seen", 0)
        now = time.time()
        if not account_id or now - seen > idle_seconds() or now - started > max_seconds():
            session.clear()
            return None
        account = await asyncio.to_thread(_get, int(account_id))
        if account is None:  # deactivated or deleted meanwhile
            session.clear()
            return None
        session["seen"] = now
        ACTOR.set(f"admin:{account.username}")
        role = "Administration" if account.is_admin else (
            "Redaktion NRW" if account.rb_code is None else f"Redaktion RB {account.rb_code}")
        return StaffUser(username=f"{account.username} ({role})", account=account)

    async def logout(self, request: Request) -> None:
        request.session.clear()


def current(request: Request) -> Account:
    user = getattr(request.state, "admin_user", None)
    if not isinstance(user, StaffUser) or user.account is None:
        raise PermissionError("not logged in")
    return user.account
