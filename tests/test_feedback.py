"""What the bot could not answer, and ratings: recorded by the action (pseudonymised), grouped for the editors
in the admin, turned into phrasings in two clicks, counted on the dashboard, and gone with /loeschen."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from faq import db, feedback
from faq import models as m
from faq.handover import privacy
from tests.admin_browser import admin_server, browser, log_in, needs_chromium, new_account, page, shoot  # noqa: F401
from tests.chat_helpers import Resident, keyboard, text_of


def conv() -> str:
    return uuid.uuid4().hex[:8]


async def test_unanswered_messages_are_recorded_with_guess_and_confidence(asker, stack):
    from tests.test_suggestions import _action_call

    # a message the classifier is unsure of, as Rasa hands it to the action server (which message a model is
    # unsure of changes with every training, so the classification is given here, not left to the model)
    unsure = conv()
    _action_call(stack.action_url, "das mit dem ding da bei uns", "nlu_fallback",
                 [("facility_overview", 0.3), ("faq", 0.2)], [("ehrenamt", 0.4)], sender=unsure)
    other = conv()
    await asker.ask(other, "ich möchte mit einem menschen sprechen")
    sender = asker.sender(other)
    with db.session() as s:
        rows = s.scalars(select(m.UnansweredMessage).where(m.UnansweredMessage.conversation.in_(
            [unsure, sender]))).all()
        kinds = {r.kind: r for r in rows}
        assert "fallback" in kinds and kinds["fallback"].text == "das mit dem ding da bei uns"
        assert kinds["fallback"].guessed_intent == "nlu_fallback"
        assert "human_handoff" in kinds and kinds["human_handoff"].confidence > 0.5
        assert str(sender).startswith("cli-"), "a pseudonym, never a chat id"
        assert s.scalar(select(m.AnswerLog).where(m.AnswerLog.conversation == sender)) is not None


async def test_faq_answers_carry_ratings_and_a_tap_is_counted_once(telegram_app, fake_api, chat_id):
    user = Resident(fake_api, chat_id)
    [answer] = await user.say("was ist eigentlich eine erstaufnahmeeinrichtung")
    titles = [b["text"] for b in keyboard(answer)]
    assert "👍" in titles and "👎" in titles
    down = next(b["callback_data"] for b in keyboard(answer) if b["text"] == "👎")
    thanks = await user.tap(down.split("~")[0])
    assert "Danke" in text_of(thanks) and "Menschen" in text_of(thanks)
    await user.tap(down.split("~")[0])  # a second tap changes nothing
    with db.session() as s:
        rows = [r for r in feedback.ratings_by_target(s) if r[0] == "faq:eae"]
        assert rows and rows[0][2] >= 1
        from bot.pseudonym import pseudonym
        mine = s.scalars(select(m.Rating).where(m.Rating.conversation == pseudonym(chat_id))).all()
        assert len(mine) == 1 and mine[0].value == -1


def test_loeschen_removes_the_recorded_texts_and_ratings():
    with db.session() as s:
        feedback.record_unanswered(s, conversation="tg-forget-me", text="meine adresse ist geheimweg 1", lang="de",
                                   kind="fallback", intent="nlu_fallback", faq_key=None, confidence=0.1)
        feedback.rate(s, "tg-forget-me", "faq:eae", 1)
    with db.session() as s:
        privacy.delete_user_data(s, "tg-forget-me")
    with db.session() as s:
        for model in (m.UnansweredMessage, m.Rating, m.AnswerLog):
            assert not s.scalars(select(model).where(model.conversation == "tg-forget-me")).all()


def test_similar_wordings_are_one_group_most_frequent_first():
    with db.session() as s:
        for text in ("Gibt es WLAN in der ZUE?", "gibt es in der zue wlan", "wlan in der zue??",
                     "Darf man Hunde mitbringen?"):
            feedback.record_unanswered(s, conversation="tg-grouping", text=text, lang="de", kind="low_confidence",
                                       intent="other_question", faq_key=None, confidence=0.3)
    with db.session() as s:
        found = feedback.groups(s)
        wlan = next(g for g in found if "wlan" in g.example.lower())
        assert wlan.count >= 3
        assert found.index(wlan) < next(i for i, g in enumerate(found) if "Hunde" in g.example)
        feedback.dismiss(s, list(s.scalars(select(m.UnansweredMessage.id).where(
            m.UnansweredMessage.conversation == "tg-grouping"))), "test")


@needs_chromium
def test_an_editor_turns_a_group_into_phrasings_and_sees_the_dashboard(admin_server, page):  # noqa: F811
    with db.session() as s:
        for text in ("Wie lange bleiben die Menschen in der EAE im Schnitt?", "wie lange bleiben menschen in der eae"):
            feedback.record_unanswered(s, conversation="tg-editor-test", text=text, lang="de", kind="low_confidence",
                                       intent="faq", faq_key="eae", confidence=0.31)
    name, password = new_account("editor")
    log_in(page, admin_server.url, name, password)
    page.wait_for_timeout(500)
    assert page.get_by_text("Fragen pro Tag (30 Tage)").first.is_visible()
    assert page.get_by_text("Offene Weitergaben je Stelle").first.is_visible()
    shoot(page, "00-uebersicht")
    page.goto(f"{admin_server.url}/admin/unbeantwortet")
    group = page.locator(".unanswered-group", has_text="Wie lange bleiben die Menschen in der EAE")
    assert "2×" in group.inner_text()
    shoot(page, "07-unbeantwortet")
    group.locator("select[name=topic]").select_option("faq/eae")
    group.get_by_role("button", name="Als Formulierung hinzufügen").click()
    page.wait_for_load_state("networkidle")
    assert "2 Formulierung(en) zu „eae“ hinzugefügt" in page.locator("#unanswered-message").inner_text()
    with db.session() as s:
        texts = {q.text for q in s.get(m.FaqEntry, "eae").questions}
        assert "Wie lange bleiben die Menschen in der EAE im Schnitt?" in texts
        for q in list(s.get(m.FaqEntry, "eae").questions):
            if "bleiben" in q.text:
                s.delete(q)  # the shared model's training data stays as it was


@needs_chromium
def test_a_wording_residents_tapped_a_topic_for_becomes_a_phrasing_of_that_topic(admin_server, page):  # noqa: F811
    from bot import retraining
    from faq import export

    text = "wann ziehen da die ersten leute ein bei uns im ort"
    with db.session() as s:
        feedback.record_unanswered(s, conversation="tg-chose", text=text, lang="de", kind="fallback",
                                   intent="nlu_fallback", faq_key=None, confidence=0.31,
                                   offered={"/facility_opening": "facility_opening", "/next_event": "next_event"})
    with db.session() as s:
        assert feedback.record_choice(s, "tg-chose", "/facility_opening") == "facility_opening"
    try:
        name, password = new_account("editor")
        log_in(page, admin_server.url, name, password)
        page.goto(f"{admin_server.url}/admin/unbeantwortet")
        group = page.locator(".unanswered-group", has_text=text)
        assert "gewählt" in group.inner_text() and "Eröffnung / ab wann (1×)" in group.inner_text()
        assert group.locator("select[name=topic]").input_value() == "facility_opening", \
            "the topic the resident tapped is preselected"
        group.get_by_role("button", name="Als Formulierung hinzufügen").click()
        page.wait_for_load_state("networkidle")
        assert "1 Formulierung(en) zu „Eröffnung / ab wann“ hinzugefügt" in \
            page.locator("#unanswered-message").inner_text()
        assert retraining.out_of_date(), "the model does not know the new phrasing yet"
        with db.session() as s:
            learned = export.learned_training_data(s)
        assert any(block["intent"] == "facility_opening" and text in block["examples"] for block in learned["nlu"])
    finally:
        with db.session() as s:
            for row in s.scalars(select(m.LearnedPhrasing).where(m.LearnedPhrasing.text == text)):
                s.delete(row)  # the shared model's training data stays as it was


def test_a_group_starts_a_new_entry_that_answers_nothing_until_written():
    from bot import retraining

    with db.session() as s:
        feedback.record_unanswered(s, conversation="tg-new-entry", text="Gibt es in der ZUE einen Gebetsraum?",
                                   lang="de", kind="low_confidence", intent="other_question", faq_key=None,
                                   confidence=0.2)
    try:
        with db.session() as s:
            ids = list(s.scalars(select(m.UnansweredMessage.id).where(m.UnansweredMessage.conversation == "tg-new-entry")))
            assert feedback.new_entry(s, ids, "gebetsraum", "admin:test") == "gebetsraum"
        with db.session() as s:
            entry = s.get(m.FaqEntry, "gebetsraum")
            assert [q.text for q in entry.questions] == ["Gibt es in der ZUE einen Gebetsraum?"]
        assert any("gebetsraum" in p and "keine deutsche Antwort" in p for p in retraining.validate()), \
            "an entry without an answer is never trained"
    finally:
        with db.session() as s:
            entry = s.get(m.FaqEntry, "gebetsraum")
            if entry is not None:
                s.delete(entry)
