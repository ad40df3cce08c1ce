"""Municipal staff in the chat: redeeming an invite code (`/code …`, `/start staff-…`, or typed) and
switching forecast messages off. The rules live in faq.staff; this module only talks."""

from __future__ import annotations

import re

from actions.handlers import handles
from actions.turn import Turn
from faq import staff
from faq.handover import addresses

CODE_IN_TEXT = re.compile(r"\b[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}\b")


@handles("redeem_code")
def redeem_code(turn: Turn) -> None:
    code = turn.entity("code")
    if not code and not turn.text.startswith("/"):
        found = [c for c in CODE_IN_TEXT.findall(turn.text) if any(ch.isdigit() for ch in c)]
        code = found[0] if found else None
    if not code:
        turn.say(turn.t("staff_code_ask"))
        return
    reply = addresses.unseal(turn.reply_token)
    result = staff.redeem(turn.session, turn.sender, code, reply_channel=reply.channel if reply else None,
                          reply_address=turn.reply_token if reply and reply.channel == "telegram" else None)
    turn._cache.pop("staff", None)
    if result.outcome == "bound":
        turn.say(turn.t("staff_bound", place=result.municipality))
    elif result.outcome == "too_many":
        turn.say(turn.t("staff_code_too_many"))
    else:
        turn.say(turn.t("staff_code_refused", reason=turn.t(f"staff_code_reason_{result.outcome}")))


@handles("stop_alerts")
def stop_alerts(turn: Turn) -> None:
    if staff.set_alerts(turn.session, turn.sender, False):
        turn.say(turn.t("alerts_off"))
    else:
        turn.say(turn.t("alerts_not_staff"))
