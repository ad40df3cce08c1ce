"""The worker process (`nachbarbot worker`, started by `nachbarbot run`): delivers the outbox, reads the
office's reply mails, reminds offices of open tickets, and applies retention. Safe to kill at any moment:
everything it does is claimed from, and committed to, the database."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from faq import db
from faq.logs import configure as configure_logs
from faq.handover import outbox, privacy, tickets
from worker import imap, mail_out, purge, telegram_out

log = logging.getLogger("nachbarbot.worker")


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


class Worker:
    def __init__(self) -> None:
        self.smtp = mail_out.SmtpConfig.from_env()
        self.imap = imap.ImapConfig.from_env()
        self.bot = telegram_out.build_bot()
        self.channels = ["mail", "purge"] + (["telegram"] if self.bot else [])
        self._wake = asyncio.Event()

    # --- the outbox ----------------------------------------------------------------------------------
    async def deliver_due(self) -> int:
        with db.session() as s:
            batch = [(row.id, row.channel, row.recipient, dict(row.payload))
                     for row in outbox.claim(s, self.channels)]
        for row_id, channel, recipient, payload in batch:
            await self._deliver_one(row_id, channel, recipient, payload)
        return len(batch)

    async def _deliver_one(self, row_id: int, channel: str, recipient: str, payload: dict) -> None:
        retry_after, permanent = None, False
        try:
            if channel == "mail":
                await mail_out.send(payload, self.smtp)
            elif channel == "telegram":
                await telegram_out.send(self.bot, recipient, payload)
            elif channel == "purge":
                removed = await asyncio.to_thread(purge.purge_conversation, payload["conversation"])
                log.info("purged %d stored events of a deleted conversation", removed)
                with db.session() as s:  # the job names the pseudonym: it goes too
                    s.execute(outbox.delete_statement(row_id))
                return
        except telegram_out.RetryLater as exc:
            error, retry_after = str(exc), exc.seconds
        except telegram_out.PermanentFailure as exc:
            error, permanent = str(exc), True
        except Exception as exc:  # noqa: BLE001 - any failure: retry with back-off
            error = f"{type(exc).__name__}: {exc}"
        else:
            with db.session() as s:
                outbox.mark_sent(s, row_id)
            log.info("delivered outbox message %d (%s)", row_id, channel)
            return
        log.warning("delivery of outbox message %d (%s) failed: %s", row_id, channel, error)
        with db.session() as s:
            outbox.mark_failed(s, row_id, error, permanent=permanent, retry_after=retry_after)

    async def outbox_loop(self, interval: float) -> None:
        while True:
            try:
                busy = await self.deliver_due()
            except Exception:  # noqa: BLE001 - the database may be away: keep trying
                log.exception("outbox round failed")
                busy = 0
            if not busy:
                try:
                    await asyncio.wait_for(self._wake.wait(), interval)
                except asyncio.TimeoutError:
                    pass
                self._wake.clear()

    # --- reply mails ------------------------------------------------------------------------------------
    async def read_mailbox(self) -> int:
        if self.imap is None:
            return 0
        mails = await asyncio.to_thread(imap.fetch_unseen, self.imap)
        done = []
        for mail in mails:
            with db.session() as s:
                receipt = tickets.receive_mail(s, message_id=mail.message_id, from_addr=mail.from_addr,
                                               subject=mail.subject, body=mail.text, in_reply_to=mail.in_reply_to,
                                               references=mail.references)
            log.info("reply mail %s: %s", receipt.reference or "-", receipt.outcome)
            done.append(mail.uid)
        if done:
            await asyncio.to_thread(imap.mark_seen, self.imap, done)
            self._wake.set()
        return len(done)

    # --- housekeeping -------------------------------------------------------------------------------------
    def housekeeping(self) -> None:
        with db.session() as s:
            reminded = tickets.remind_overdue(s)
            purged = privacy.purge_expired(s)
        if reminded or purged:
            log.info("reminded %d open tickets; blanked %d expired ones", len(reminded), purged)
            self._wake.set()


async def main() -> None:
    worker = Worker()
    scheduler = AsyncIOScheduler()
    if worker.imap is not None:
        scheduler.add_job(_logged(worker.read_mailbox), "interval", seconds=_seconds("IMAP_POLL_SECONDS", 30),
                          max_instances=1, coalesce=True, next_run_time=_now())
    scheduler.add_job(_logged_sync(worker.housekeeping), "interval",
                      seconds=_seconds("HOUSEKEEPING_SECONDS", 600), max_instances=1, coalesce=True,
                      next_run_time=_now())
    scheduler.start()
    log.info("worker running: channels %s, SMTP %s, IMAP %s", ", ".join(worker.channels),
             worker.smtp.host if worker.smtp else "off (mails as .eml files)",
             worker.imap.host if worker.imap else "off")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    task = asyncio.create_task(worker.outbox_loop(_seconds("OUTBOX_POLL_SECONDS", 1.0)))
    await stop.wait()
    task.cancel()
    scheduler.shutdown(wait=False)


def _now():
    import datetime as dt
    return dt.datetime.now()


def _logged(fn):
    async def run() -> None:
        try:
            await fn()
        except Exception as exc:  # noqa: BLE001 - a mail server away is no reason to stop
            log.warning("%s failed: %s: %s", fn.__name__, type(exc).__name__, exc)
    return run


def _logged_sync(fn):
    def run() -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001
            log.warning("%s failed: %s: %s", fn.__name__, type(exc).__name__, exc)
    return run


def run() -> None:
    configure_logs("worker")
    for noisy in ("apscheduler", "httpx", "httpcore", "telegram"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        db.require_database()
    except db.DatabaseMissing as exc:
        log.error("%s", exc)
        raise SystemExit(2) from None
    asyncio.run(main())


if __name__ == "__main__":
    run()
