"""Everything the bot says, in German and English. Plain, short, friendly."""

from __future__ import annotations

from faq.formatting import MONTH_NAMES, fmt_date, fmt_datetime, fmt_int, fmt_month, fmt_percent  # noqa: F401

TEXTS: dict[str, dict[str, str]] = {
    "greet": {
        "de": "Hallo! Ich bin Nachbarbot NRW. Ich beantworte Fragen zu Landeseinrichtungen für Geflüchtete "
              "in Nordrhein-Westfalen: ob an Ihrem Ort etwas geplant ist, wie viele Menschen kommen, ab wann, "
              "wen Sie ansprechen können und wann die nächste Infoveranstaltung ist.",
        "en": "Hello! I am Nachbarbot NRW. I answer questions about state refugee facilities in North "
              "Rhine-Westphalia: whether something is planned where you live, how many people will come, "
              "from when, whom to contact and when the next information event is.",
    },
    "help": {
        "de": "Fragen Sie mich einfach, zum Beispiel:\n• Ist in Gladbeck etwas geplant?\n• Wie viele Plätze hat "
              "die Unterkunft?\n• Wen kann ich anrufen?\n• Wann ist die nächste Infoveranstaltung in Köln?\n"
              "• Was ist eine ZUE?\nWas ich nicht weiß, kann ich an die zuständige Bezirksregierung weitergeben.",
        "en": "Just ask me, for example:\n• Is anything planned in Gladbeck?\n• How many places does the "
              "facility have?\n• Whom can I call?\n• When is the next information event in Cologne?\n"
              "• What is a ZUE?\nWhat I don't know, I can pass on to the responsible Bezirksregierung.",
    },
    "thanks": {"de": "Gern geschehen! Fragen Sie jederzeit wieder.", "en": "You're welcome! Ask me any time."},
    "goodbye": {"de": "Tschüss und alles Gute!", "en": "Goodbye and all the best!"},
    "affirm_idle": {"de": "Gut! Was möchten Sie wissen?", "en": "Good! What would you like to know?"},
    "deny_idle": {"de": "In Ordnung. Fragen Sie gern, wenn Sie etwas wissen möchten.",
                  "en": "All right. Just ask if you'd like to know something."},
    "out_of_scope": {
        "de": "Dazu kann ich leider nichts sagen. Ich kenne mich nur mit Landeseinrichtungen für Geflüchtete "
              "in NRW aus. Schreiben Sie /hilfe, um zu sehen, was ich beantworten kann.",
        "en": "Sorry, I can't help with that. I only know about state refugee facilities in North "
              "Rhine-Westphalia. Type /help to see what I can answer.",
    },
    "other_authority": {
        "de": "Dafür bin ich leider nicht zuständig: Ich kenne mich nur mit den Landeseinrichtungen für Geflüchtete "
              "in NRW aus und kann solche Fragen auch nicht weitergeben. Bei Ausweis, Aufenthalt, Leistungen, "
              "Fahrzeugen und anderen Behördenfragen hilft die Behördennummer 115 (Mo–Fr 8–18 Uhr) oder das "
              "Bürgerbüro im Rathaus Ihrer Stadt.",
        "en": "I'm sorry, that is not something I can help with: I only know about the state refugee facilities in "
              "NRW and can't pass such questions on. For ID documents, residence, benefits, vehicles and other "
              "public services, call the public-service number 115 (Mon–Fri 8 am–6 pm) or ask at your town hall.",
    },
    "frustration": {
        "de": "Das tut mir leid. Ich bin nur ein Bot und weiß nicht alles. Wenn Sie möchten, gebe ich Ihr Anliegen "
              "an einen Menschen bei der zuständigen Behörde weiter.",
        "en": "I'm sorry about that. I'm only a bot and don't know everything. If you like, I'll pass your concern "
              "on to a person at the responsible authority.",
    },
    "feeling_heard": {
        "de": "Ich verstehe, dass Sie das beschäftigt. Hier ist, was ich weiß:",
        "en": "I understand this is on your mind. Here is what I know:",
    },
    "praise": {"de": "Danke, das freut mich! Fragen Sie gern weiter.", "en": "Thank you, glad to hear it! Ask away."},
    "dont_know": {
        "de": "Das weiß ich leider nicht sicher.",
        "en": "I'm afraid I don't know that for sure.",
    },
    "did_you_mean": {
        "de": "Meinten Sie eines davon?",
        "en": "Did you mean one of these?",
    },
    "offer_escalation_office": {
        "de": "Soll ich Ihre Frage an {authority} weitergeben? Dort antwortet Ihnen ein Mensch.",
        "en": "Shall I pass your question on to {authority}? A person there will answer you.",
    },
    "offer_escalation_no_place": {
        "de": "Ich kann Ihre Frage an die zuständige Bezirksregierung weitergeben. Für welche Stadt oder "
              "Gemeinde gilt sie?",
        "en": "I can pass your question on to the responsible Bezirksregierung. Which town or municipality "
              "is it about?",
    },
    "handoff_ask_question": {
        "de": "Gern gebe ich Ihre Frage an einen Menschen bei der zuständigen Behörde weiter. "
              "Bitte schreiben Sie Ihre Frage in einer Nachricht.",
        "en": "I'll gladly pass your question on to a person at the responsible authority. "
              "Please write your question in one message.",
    },
    "handover_confirm_question": {
        "de": "Diese Frage würde ich weitergeben:\n„{question}“\nPasst das so? Sie können die Frage auch neu "
              "schreiben.",
        "en": "This is the question I would pass on:\n\"{question}\"\nIs that right? You can also write the "
              "question again.",
    },
    "handover_ask_place": {
        "de": "Um welche Stadt oder Gemeinde geht es? Sie können auch die Postleitzahl schreiben.",
        "en": "Which town or municipality is it about? You can also send the postcode.",
    },
    "handover_place_unknown": {
        "de": "Diesen Ort kenne ich nicht. Bitte schreiben Sie eine Stadt oder Gemeinde in NRW oder ihre "
              "Postleitzahl – oder „Abbrechen“.",
        "en": "I don't know that place. Please write a town or municipality in NRW or its postcode – or "
              "\"cancel\".",
    },
    "handover_consent": {
        "de": "Die Antwort kommt auf jeden Fall hier in diesen Chat. Möchten Sie zusätzlich eine E-Mail-Adresse "
              "oder Telefonnummer für Rückfragen angeben?\n"
              "Datenschutz: Ihre Angabe geht nur an {office}, wird nur für diese Anfrage genutzt und {days} Tage "
              "nach Abschluss gelöscht; „/loeschen“ löscht sie jederzeit.",
        "en": "The answer will come to this chat in any case. Would you also like to give an e-mail address or "
              "phone number for questions back to you?\n"
              "Privacy: it goes only to {office}, is used only for this request and is deleted {days} days after "
              "the request is closed; \"/loeschen\" deletes it at any time.",
    },
    "handover_ask_contact": {
        "de": "Bitte schreiben Sie Ihre E-Mail-Adresse oder Telefonnummer.",
        "en": "Please write your e-mail address or phone number.",
    },
    "handover_bad_contact": {
        "de": "Das sieht nicht nach einer E-Mail-Adresse oder Telefonnummer aus. Bitte noch einmal, zum Beispiel "
              "name@example.org oder 0211 123456 – oder „ohne Kontakt“.",
        "en": "That doesn't look like an e-mail address or phone number. Please try again, e.g. name@example.org "
              "or +49 211 123456 – or \"no contact\".",
    },
    "handover_summary": {
        "de": "Bitte prüfen Sie Ihre Anfrage:\nFrage: „{question}“\nOrt: {place}\nGeht an: {office}\n"
              "Kontakt: {contact}\nSoll ich sie absenden?",
        "en": "Please check your request:\nQuestion: \"{question}\"\nPlace: {place}\nGoes to: {office}\n"
              "Contact: {contact}\nShall I send it?",
    },
    "handover_no_contact": {"de": "nur hier im Chat", "en": "only here in the chat"},
    "handover_no_place": {"de": "ganz NRW", "en": "all of NRW"},
    "handover_unexpected": {
        "de": "Bitte wählen Sie eine der Schaltflächen – oder schreiben Sie „Abbrechen“, dann gebe ich nichts "
              "weiter.",
        "en": "Please choose one of the buttons – or write \"cancel\" and I won't pass anything on.",
    },
    "handover_cancelled": {
        "de": "In Ordnung, ich habe abgebrochen und nichts weitergegeben.",
        "en": "All right, I've cancelled and passed nothing on.",
    },
    "ticket_created": {
        "de": "Danke! Ihre Anfrage hat die Nummer {reference} und ist an {authority} gegangen. Die Antwort kommt "
              "hier in diesen Chat, meist innerhalb weniger Arbeitstage. Den Stand sehen Sie jederzeit mit "
              "/status {reference}.",
        "en": "Thank you! Your request has the number {reference} and has gone to {authority}. The answer will "
              "come to this chat, usually within a few working days. Check its state any time with "
              "/status {reference}.",
    },
    "ticket_failed": {
        "de": "Ihre Anfrage konnte ich leider nicht weitergeben: {reason} Bitte versuchen Sie es später noch einmal.",
        "en": "I'm sorry, I couldn't pass your request on: {reason} Please try again later.",
    },
    "status_none": {
        "de": "Sie haben bei mir noch keine Anfrage an eine Behörde gestellt.",
        "en": "You haven't sent any request to an authority through me yet.",
    },
    "status_not_found": {
        "de": "Zur Nummer {reference} finde ich keine Anfrage von Ihnen.",
        "en": "I can't find a request of yours with the number {reference}.",
    },
    "status_line": {
        "de": "{reference} an {office}, gestellt am {date}: {state}.",
        "en": "{reference} to {office}, sent on {date}: {state}.",
    },
    "status_answer": {"de": "Antwort vom {date}:\n{text}", "en": "Answer of {date}:\n{text}"},
    "delete_confirm": {
        "de": "Soll ich alles löschen, was ich über Sie gespeichert habe? Das sind Ihre Anfragen an Behörden "
              "(Frage, Kontaktangabe, Chat-Adresse), gespeicherte Nachrichten und unseren Gesprächsverlauf. "
              "Eine offene Anfrage kann danach nicht mehr beantwortet werden.",
        "en": "Shall I delete everything I have stored about you? That is your requests to authorities (question, "
              "contact, chat address), kept messages and our conversation history. An open request can no "
              "longer be answered afterwards.",
    },
    "delete_done": {
        "de": "Erledigt. Gelöscht: persönliche Angaben aus {tickets} Anfrage(n), {contacts} Kontaktangabe(n), "
              "{messages} gespeicherte Nachricht(en). Unser Gesprächsverlauf wird in wenigen Sekunden gelöscht.",
        "en": "Done. Deleted: personal details of {tickets} request(s), {contacts} contact detail(s), {messages} "
              "kept message(s). Our conversation history will be deleted in a few seconds.",
    },
    "delete_kept": {"de": "In Ordnung, ich lösche nichts.", "en": "All right, I won't delete anything."},
    "escalation_declined": {"de": "In Ordnung, ich gebe nichts weiter.", "en": "All right, I won't pass anything on."},
    "ask_place": {
        "de": "Für welche Stadt oder Gemeinde möchten Sie das wissen? Sie können auch die Postleitzahl schreiben.",
        "en": "Which town or municipality would you like to know about? You can also send the postcode.",
    },
    "outside_nrw": {
        "de": "{place} liegt nicht in NRW. Dieser Dienst gilt nur für die Landeseinrichtungen in "
              "Nordrhein-Westfalen. Für welche Stadt oder Gemeinde in NRW möchten Sie es wissen?",
        "en": "{place} is not in NRW. This service only covers the state facilities in North Rhine-Westphalia. "
              "Which town or municipality in NRW would you like to know about?",
    },
    "place_unknown": {
        "de": "Diesen Ort kenne ich in NRW nicht. Schreiben Sie gern den Namen der Stadt oder Gemeinde oder die "
              "Postleitzahl.",
        "en": "I don't know that place in NRW. Please write the name of the town or municipality, or its "
              "postcode.",
    },
    "which_place": {"de": "Welchen Ort meinen Sie?", "en": "Which place do you mean?"},
    "which_facility": {"de": "Welche Einrichtung meinen Sie?", "en": "Which facility do you mean?"},
    "no_facility": {
        "de": "{where} ist mir keine Landeseinrichtung für Geflüchtete bekannt. Zuständig ist die {authority}.",
        "en": "I know of no state refugee facility in {place}. The responsible authority is the {authority}.",
    },
    "no_facility_area": {
        "de": "{where} ist mir keine Landeseinrichtung für Geflüchtete bekannt.",
        "en": "I know of no state refugee facility in {place}.",
    },
    "area_several_rb": {
        "de": "{place} gehört zu mehreren Regierungsbezirken. Für welche Stadt oder Gemeinde möchten Sie das "
              "wissen?",
        "en": "{place} belongs to several administrative districts. Which town or municipality would you like "
              "to know about?",
    },
    "facilities_listed": {
        "de": "{where} kenne ich {count} Landeseinrichtungen:",
        "en": "I know of {count} state facilities in {place}:",
    },
    "authority": {
        "de": "Für {place} ist die {authority} zuständig (Regierungsbezirk {rb}).",
        "en": "The {authority} is responsible for {place} (administrative district {rb}).",
    },
    "authority_contact": {"de": "Anschrift: {address}", "en": "Address: {address}"},
    "website": {"de": "Internet: {url}", "en": "Website: {url}"},
    "phone": {"de": "Telefon: {phone}", "en": "Phone: {phone}"},
    "email": {"de": "E-Mail: {email}", "en": "E-mail: {email}"},
    "office_hours": {"de": "Erreichbar: {hours}", "en": "Office hours: {hours}"},
    "contact_intro": {"de": "Ansprechpartner für {facility}:", "en": "Contact for {facility}:"},
    "contact_none": {
        "de": "Für {facility} ist mir noch keine Ansprechperson bekannt. Wenden Sie sich an die {authority}.",
        "en": "I don't know a contact person for {facility} yet. Please contact the {authority}.",
    },
    "event_intro": {"de": "Nächste Termine in {place}:", "en": "Upcoming events in {place}:"},
    "event_none_beirat": {
        "de": "{where} ist mir keine Sitzung eines Beirats bekannt. Beiräte gibt es bisher nur als Pilotprojekte "
              "an einzelnen Einrichtungen.",
        "en": "{where} I don't know of any advisory board meeting. Advisory boards exist only as pilots "
              "at a few facilities so far.",
    },
    "event_none_begegnungsfest": {
        "de": "{where} ist mir gerade kein Begegnungsfest bekannt.",
        "en": "{where} I don't know of any community festival at the moment.",
    },
    "event_none_infoveranstaltung": {
        "de": "{where} ist mir gerade keine Informationsveranstaltung bekannt.",
        "en": "{where} I don't know of any information event at the moment.",
    },
    "role_intro_ehrenamt": {
        "de": "Ansprechpartner fürs Ehrenamt {where}:",
        "en": "Contact for volunteering {where}:",
    },
    "role_intro_akquise": {
        "de": "Grundstücke und Gebäude für Landeseinrichtungen nimmt zentral für ganz NRW das "
              "Akquise-Controlling-Team entgegen:",
        "en": "Offers of land or buildings for state facilities go to one central team for all of NRW, the "
              "Akquise-Controlling-Team:",
    },
    "role_none_ehrenamt": {
        "de": "Eine eigene Koordination fürs Ehrenamt ist mir {where} nicht bekannt. Das Umfeldmanagement der "
              "Einrichtung vermittelt gern:",
        "en": "I don't know of a volunteering coordination {where}. The facility's neighbourhood "
              "management (Umfeldmanagement) will gladly help:",
    },
    "role_ask_authority": {
        "de": "Fragen Sie am besten bei der zuständigen Bezirksregierung nach.",
        "en": "Please ask the responsible Bezirksregierung.",
    },
    "event_intro_all": {"de": "Die nächsten Termine:", "en": "The next events:"},
    "event_none_here": {
        "de": "{where} ist mir gerade kein Termin bekannt.",
        "en": "I don't know of any upcoming event in {place}.",
    },
    "event_region": {"de": "Im Regierungsbezirk {rb}:", "en": "In the {rb} district:"},
    "event_none": {"de": "Mir ist gerade kein Termin bekannt.", "en": "I don't know of any upcoming event."},
    "credit_rule": {
        "de": "Die Plätze einer Landeseinrichtung (EAE, ZUE oder Notunterkunft) werden seit dem 1. Dezember 2023 "
              "zu {rate} % auf die Aufnahmeverpflichtung der Standort-Kommune angerechnet, vorher zu {old} %. "
              "Die Kommune muss dann entsprechend weniger Geflüchtete selbst aufnehmen.",
        "en": "Since 1 December 2023, the places of a state facility (EAE, ZUE or emergency shelter) count "
              "{rate} % towards the host municipality's intake obligation, before that {old} %. The municipality "
              "then has to take in correspondingly fewer refugees itself.",
    },
    "credit_computed": {
        "de": "Eine Landeseinrichtung mit {places} Plätzen senkt die Aufnahmeverpflichtung der Standort-Kommune um "
              "{credit} Plätze: {rate} % der Plätze werden angerechnet ({period}).",
        "en": "A state facility with {places} places lowers the host municipality's intake obligation by {credit}: "
              "{rate} % of the places are credited ({period}).",
    },
    "credit_computed_then": {
        "de": "Damals ({period}) wurden {rate} % angerechnet: bei {places} Plätzen also {credit} Plätze weniger "
              "Aufnahmeverpflichtung für die Standort-Kommune.",
        "en": "At that time ({period}) {rate} % were credited: with {places} places, the host municipality's "
              "obligation fell by {credit}.",
    },
    "credit_before": {"de": "Früher ({period}) waren es {rate} %, also {credit}.",
                      "en": "Before ({period}) it was {rate} %, so {credit}."},
    "credit_rate_then": {"de": "Anrechnung {period}: {rate} % der Plätze einer Landeseinrichtung.",
                         "en": "Credit {period}: {rate} % of a state facility's places."},
    "credit_for_staff": {"de": "Das gilt genauso für {place}, wenn die Einrichtung dort liegt.",
                         "en": "The same applies to {place} if the facility is located there."},
    "period_since": {"de": "seit dem {start}", "en": "since {start}"},
    "period_until": {"de": "bis zum {end}", "en": "until {end}"},
    "period_between": {"de": "vom {start} bis zum {end}", "en": "from {start} to {end}"},
    "credit_facility": {
        "de": "{facility} ({status}): {capacity} Plätze × {rate} % = {credit} Plätze Anrechnung für {place}.",
        "en": "{facility} ({status}): {capacity} places × {rate} % = {credit} places credited to {place}.",
    },
    "credit_planned": {
        "de": "{facility} ist {status}: nach der heutigen Regel würden {credit} Plätze angerechnet.",
        "en": "{facility} is {status}: under today's rule, {credit} places would be credited.",
    },
    "credit_none_here": {
        "de": "In {place} ist mir keine Landeseinrichtung bekannt, also wird dort derzeit nichts angerechnet.",
        "en": "I know of no state facility in {place}, so nothing is credited there at the moment.",
    },
    "allocation_key": {
        "de": "Zuweisungsschlüssel für {place}: rund {share} % aller Zuweisungen in NRW ({pop} % Bevölkerungsanteil). "
              "Beispiel: von 1.000 Zuweisungen entfielen rechnerisch etwa {per_thousand} auf {place}. "
              "Plätze in Landeseinrichtungen am Ort werden davon abgezogen.",
        "en": "Allocation key for {place}: about {share} % of all allocations in NRW ({pop} % population share). "
              "Example: of 1,000 allocations, about {per_thousand} would go to {place}. "
              "Places in state facilities there are subtracted.",
    },
    "allocation_credit": {
        "de": "Landeseinrichtungen am Ort: {facilities}. Davon werden {rate} % angerechnet, also {credit} Plätze "
              "weniger Aufnahmeverpflichtung.",
        "en": "State facilities there: {facilities}. {rate} % of their places are credited, so the obligation is "
              "{credit} lower.",
    },
    "allocation_no_facility": {"de": "Eine Landeseinrichtung in Betrieb, die angerechnet würde, ist mir dort nicht bekannt.",
                               "en": "I know of no state facility in operation there that would be credited."},
    "allocation_published": {
        "de": "Veröffentlicht wird der Schlüssel und die monatliche Prognose für ganz NRW, keine feste Gesamtzahl pro "
              "Kommune: wie viele Menschen tatsächlich kommen, ergibt sich aus den Zuweisungen der Bezirksregierung "
              "Arnsberg. Den aktuellen Stand Ihrer Kommune nennt Ihnen die Bezirksregierung.",
        "en": "What is published is the key and the monthly forecast for all of NRW, not a fixed total per "
              "municipality: how many people actually come depends on the allocations made by the Bezirksregierung "
              "Arnsberg, which can tell you your municipality's current figures.",
    },
    "allocation_rule": {
        "de": "Der Zuweisungsschlüssel richtet sich zu 90 % nach der Einwohnerzahl und zu 10 % nach der Fläche "
              "einer Kommune (FlüAG NRW § 3). Der Flächenanteil darf den Schlüssel höchstens um 25 % erhöhen. "
              "Die Zuweisung selbst steuert die Bezirksregierung Arnsberg.",
        "en": "The allocation key is based 90 % on a municipality's population and 10 % on its area "
              "(FlüAG NRW § 3). The area share may raise the key by at most 25 %. The allocations themselves "
              "are made by the Bezirksregierung Arnsberg.",
    },
    "allocation_source": {
        "de": "Berechnet mit Einwohnern und Fläche von Destatis (Stand {date}); amtlich rechnet IT.NRW mit den "
              "Zahlen zum 1. Januar, die Werte können daher etwas abweichen.",
        "en": "Computed from Destatis population and area (as of {date}); the official figures from IT.NRW "
              "as of 1 January may differ slightly.",
    },
    "rated_up": {"de": "Danke für Ihre Rückmeldung!", "en": "Thank you for your feedback!"},
    "rated_down": {
        "de": "Danke, das hilft uns, die Antworten zu verbessern. Wenn Sie mögen, gebe ich Ihre Frage an eine "
              "Person weiter: schreiben Sie einfach „Ich möchte mit einem Menschen sprechen“.",
        "en": "Thank you, that helps us improve the answers. If you like, I can pass your question on to a person: "
              "just write \"I'd like to talk to a person\".",
    },
    "offer_intro": {
        "de": "Danke für Ihr Angebot! Ich nehme ein paar Angaben auf und gebe sie an das Akquise-Controlling-Team "
              "des Landes weiter, das Liegenschaften für Landeseinrichtungen prüft. „Abbrechen“ geht jederzeit.",
        "en": "Thank you for your offer! I'll note a few details and pass them on to the state's acquisition team, "
              "which assesses properties for state facilities. You can \"cancel\" at any time.",
    },
    "offer_direct": {"de": "Sie erreichen das {office} auch direkt: {email}",
                     "en": "You can also reach the {office} directly: {email}"},
    "offer_ask_kind": {"de": "Was bieten Sie an?", "en": "What are you offering?"},
    "offer_ask_where": {"de": "Wo liegt die Liegenschaft? Bitte Adresse oder Ort (mit PLZ, wenn Sie mögen).",
                        "en": "Where is the property? Please give the address or town (with postcode if you like)."},
    "offer_ask_size": {"de": "Wie groß ist sie ungefähr? Zum Beispiel in m², Zimmern oder Plätzen – oder „weiß nicht“.",
                       "en": "Roughly how big is it? For example in m², rooms or places – or \"don't know\"."},
    "offer_ask_available": {"de": "Ab wann wäre sie verfügbar? Zum Beispiel „sofort“ oder „ab März 2027“.",
                            "en": "From when would it be available? For example \"now\" or \"from March 2027\"."},
    "offer_ask_contact": {
        "de": "Wie kann das Team Sie erreichen? Bitte E-Mail-Adresse oder Telefonnummer. Ohne Angabe kommt die "
              "Antwort nur hier in den Chat.\nDatenschutz: Ihre Angaben gehen nur an das Akquise-Controlling-Team, "
              "werden nur für dieses Angebot genutzt und {days} Tage nach Abschluss gelöscht; „/loeschen“ löscht "
              "sie jederzeit.",
        "en": "How can the team reach you? Please give an e-mail address or phone number. Without one, the answer "
              "comes only to this chat.\nPrivacy: your details go only to the acquisition team, are used only for "
              "this offer and deleted {days} days after it is closed; \"/loeschen\" deletes them at any time.",
    },
    "offer_summary": {
        "de": "Bitte prüfen Sie Ihr Angebot:\n{summary}\n\nMit „Absenden“ geht es an {office}.",
        "en": "Please check your offer:\n{summary}\n\nWith \"Send\" it goes to {office}.",
    },
    "offer_line_kind": {"de": "• Art: {value}", "en": "• Kind: {value}"},
    "offer_line_where": {"de": "• Lage: {value}", "en": "• Location: {value}"},
    "offer_line_size": {"de": "• Größe: {value}", "en": "• Size: {value}"},
    "offer_line_available": {"de": "• Verfügbar: {value}", "en": "• Available: {value}"},
    "offer_line_contact": {"de": "• Kontakt: {value}", "en": "• Contact: {value}"},
    "offer_chat_only": {"de": "nur über diesen Chat", "en": "only through this chat"},
    "offer_unknown": {"de": "unbekannt", "en": "unknown"},
    "offer_ticket_head": {"de": "Angebot einer Liegenschaft über den Nachbarbot:",
                          "en": "Property offer through the Nachbarbot:"},
    "offer_created": {
        "de": "Danke! Ihr Angebot hat die Nummer {reference} und ist an {office} gegangen. Das Team meldet sich; "
              "die Antwort kommt auch hier in den Chat. Den Stand sehen Sie mit /status {reference}.",
        "en": "Thank you! Your offer has the number {reference} and has gone to {office}. The team will get in "
              "touch; the answer also comes to this chat. See its state with /status {reference}.",
    },
    "offer_cancelled": {"de": "In Ordnung, ich habe das Angebot verworfen. Es wurde nichts weitergegeben.",
                        "en": "All right, I've discarded the offer. Nothing was passed on."},
    "offer_unexpected": {"de": "Wir sind noch beim Angebot Ihrer Liegenschaft. Bitte antworten Sie auf die Frage "
                               "oder tippen Sie „Abbrechen“.",
                         "en": "We're still on your property offer. Please answer the question or tap \"Cancel\"."},
    "staff_bound": {
        "de": "Willkommen! Sie sind jetzt als Mitarbeitende/r von {place} freigeschaltet. Sie sehen die Zahlen für "
              "{place} ohne den Ort zu nennen, auch vorläufige, noch nicht veröffentlichte Prognosen, und bekommen "
              "eine Nachricht, wenn eine neue Prognose erscheint (abbestellen mit /abbestellen).",
        "en": "Welcome! You are now registered as staff of {place}. You'll see {place}'s figures without naming it, "
              "including provisional, unpublished forecasts, and get a message when a new forecast is published "
              "(unsubscribe with /abbestellen).",
    },
    "staff_code_refused": {
        "de": "Dieser Code ist leider nicht gültig ({reason}). Bitte prüfen Sie ihn oder bitten Sie die "
              "Bezirksregierung um einen neuen.",
        "en": "Sorry, this code is not valid ({reason}). Please check it or ask the Bezirksregierung for a new one.",
    },
    "staff_code_reason_unknown": {"de": "unbekannt", "en": "unknown"},
    "staff_code_reason_used": {"de": "schon eingelöst", "en": "already used"},
    "staff_code_reason_expired": {"de": "abgelaufen", "en": "expired"},
    "staff_code_reason_revoked": {"de": "widerrufen", "en": "revoked"},
    "staff_code_too_many": {"de": "Zu viele falsche Codes. Bitte versuchen Sie es in einer Viertelstunde noch einmal.",
                            "en": "Too many wrong codes. Please try again in a quarter of an hour."},
    "staff_code_ask": {"de": "Bitte schreiben Sie den Code so: /code ABCD-EFGH-JKLM",
                       "en": "Please write the code like this: /code ABCD-EFGH-JKLM"},
    "alerts_off": {"de": "Erledigt: Sie bekommen keine Nachrichten mehr zu neuen Prognosen.",
                   "en": "Done: you won't get messages about new forecasts any more."},
    "alerts_not_staff": {"de": "Sie bekommen keine Prognose-Nachrichten – die gibt es nur für Mitarbeitende der Kommunen.",
                         "en": "You don't get forecast messages – they are only for municipal staff."},
    "forecast_head": {"de": "Abgangsprognose für {span} (Zuweisungen aus Landeseinrichtungen an die Kommunen in NRW):",
                      "en": "Forecast for {span} (allocations from state facilities to the municipalities in NRW):"},
    "forecast_missing": {"de": "noch keine Prognose veröffentlicht", "en": "no forecast published yet"},
    "forecast_provisional": {"de": "vorläufig, nicht veröffentlicht", "en": "provisional, not published"},
    "forecast_provisional_note": {
        "de": "Vorläufige Zahlen sehen nur Mitarbeitende der Kommunen; bitte noch nicht weitergeben.",
        "en": "Only municipal staff see provisional figures; please do not pass them on yet.",
    },
    "forecast_sum": {"de": "Zusammen: {n}", "en": "Total: {n}"},
    "forecast_sum_known": {"de": "Zusammen (Monate mit Prognose): {n}", "en": "Total (months with a forecast): {n}"},
    "forecast_share": {
        "de": "Rechnerischer Anteil von {place} (Zuweisungsschlüssel {share_key} %): etwa {parts}, zusammen etwa {total}. "
              "Plätze in Landeseinrichtungen am Ort werden angerechnet.",
        "en": "Arithmetical share of {place} (allocation key {share_key} %): about {parts}, together about {total}. "
              "Places in state facilities there are credited.",
    },
    "forecast_unpublished": {
        "de": "Für {month} ist noch keine Prognose veröffentlicht.",
        "en": "No forecast has been published for {month} yet.",
    },
    "forecast_file": {"de": "Hier sind die Zahlen für {span} als CSV-Datei (öffnet sich mit Excel).",
                      "en": "Here are the figures for {span} as a CSV file (opens in Excel)."},
    "forecast_source": {
        "de": "Quelle: Newsletter „Entwicklungen im Bereich Flucht“ des MKJFGFI, veröffentlicht am {date}.",
        "en": "Source: MKJFGFI newsletter \"Entwicklungen im Bereich Flucht\", published {date}.",
    },
    "source": {"de": "Quelle: {source}", "en": "Source: {source}"},
    "faq_source": {"de": "Quelle: {source}, geprüft am {date}.", "en": "Source: {source}, reviewed {date}."},
    "facility_source": {"de": "Stand: {date}.", "en": "As of {date}."},
    "demo": {
        "de": "⚠️ Beispieldaten: erfunden, nur zur Vorführung.",
        "en": "⚠️ Sample data: invented, for demonstration only.",
    },
    "type": {"de": "{facility} ist eine {type_long} ({type}).", "en": "{facility} is an {type_long} ({type})."},
    "capacity": {"de": "{facility} hat Platz für {capacity} Menschen.", "en": "{facility} has room for {capacity} people."},
    "capacity_unknown": {"de": "Die Platzzahl von {facility} ist noch nicht bekannt.",
                         "en": "The number of places of {facility} is not known yet."},
    "status": {"de": "{facility}: {status}.", "en": "{facility}: {status}."},
    "opening_future": {"de": "{facility} soll voraussichtlich ab {date} belegt werden.",
                       "en": "{facility} is expected to take in people from {date}."},
    "opening_past": {"de": "{facility} ist seit {date} in Betrieb.", "en": "{facility} has been open since {date}."},
    "opening_closed": {"de": "{facility} war von {start} bis {end} in Betrieb und ist geschlossen.",
                       "en": "{facility} was open from {start} to {end} and is closed."},
    "opening_unknown": {"de": "Ein Termin für {facility} steht noch nicht fest.",
                        "en": "No date has been set for {facility} yet."},
    "address": {"de": "Adresse von {facility}: {address}", "en": "Address of {facility}: {address}"},
    "address_unknown": {"de": "Die genaue Adresse von {facility} ist noch nicht veröffentlicht.",
                        "en": "The exact address of {facility} has not been published yet."},
    "places": {"de": "{n} Plätze", "en": "{n} places"},
    "places_unknown": {"de": "Platzzahl offen", "en": "capacity not known"},
    "closed_since": {"de": "geschlossen seit {date}", "en": "closed since {date}"},
    "from_date": {"de": "ab {date}", "en": "from {date}"},
    "since_date": {"de": "seit {date}", "en": "since {date}"},
    "overview": {
        "de": "{facility}: {type_long} ({type}), {status}, {capacity_text}{opening_text}.",
        "en": "{facility}: {type_long} ({type}), {status}, {capacity_text}{opening_text}.",
    },
    "error": {
        "de": "Da ist bei mir gerade etwas schiefgelaufen. Bitte fragen Sie noch einmal, gern mit anderen Worten.",
        "en": "Something went wrong on my side. Please ask again, perhaps in other words.",
    },
    "unavailable": {
        "de": "Ich bin gerade nicht erreichbar. Bitte versuchen Sie es später erneut.",
        "en": "I can't be reached right now. Please try again later.",
    },
}

BUTTONS: dict[str, dict[str, str]] = {
    "facility_overview": {"de": "Was ist hier geplant?", "en": "What is planned here?"},
    "facility_opening": {"de": "Ab wann?", "en": "From when?"},
    "facility_capacity": {"de": "Wie viele Plätze?", "en": "How many places?"},
    "contact_person": {"de": "Ansprechperson", "en": "Contact person"},
    "next_event": {"de": "Nächster Infotermin", "en": "Next event"},
    "facility_address": {"de": "Wo genau?", "en": "Where exactly?"},
    "credit_rule": {"de": "Anrechnung", "en": "Crediting"},
    "forecast": {"de": "Prognose", "en": "Forecast"},
    "forecast_csv": {"de": "Zahlen als CSV", "en": "Figures as CSV"},
    "offer_chat_only": {"de": "Nur über den Chat", "en": "Chat only"},
    "responsible_authority": {"de": "Zuständige Behörde", "en": "Responsible authority"},
    "facility_type": {"de": "Was für eine Einrichtung?", "en": "What kind of facility?"},
    "facility_status": {"de": "Wie ist der Stand?", "en": "What is the status?"},
    "allocation_key": {"de": "Verteilschlüssel", "en": "Distribution key"},
    "forecast_file": {"de": "Prognose als Datei", "en": "Forecast as a file"},
    "other_authority": {"de": "Andere Behörde (115)", "en": "Another authority (115)"},
    "offer_property": {"de": "Immobilie anbieten", "en": "Offer a property"},
    "ticket_status": {"de": "Stand meiner Anfrage", "en": "Status of my request"},
    "help": {"de": "Was kann der Bot?", "en": "What can you do?"},
    "yes": {"de": "Ja, bitte weitergeben", "en": "Yes, pass it on"},
    "no": {"de": "Nein, danke", "en": "No, thanks"},
    "to_person": {"de": "Ja, an einen Menschen", "en": "Yes, to a person"},
    "question_ok": {"de": "Passt so", "en": "That's right"},
    "cancel": {"de": "Abbrechen", "en": "Cancel"},
    "contact_yes": {"de": "Ja, Kontakt angeben", "en": "Yes, add contact"},
    "contact_no": {"de": "Nein, nur Chat", "en": "No, chat only"},
    "send": {"de": "Absenden", "en": "Send"},
    "edit_question": {"de": "Frage ändern", "en": "Change question"},
    "delete_yes": {"de": "Ja, alles löschen", "en": "Yes, delete everything"},
    "delete_no": {"de": "Nein, behalten", "en": "No, keep it"},
}

TYPE_LONG = {
    "EAE": {"de": "Erstaufnahmeeinrichtung", "en": "initial reception facility"},
    "ZUE": {"de": "Zentrale Unterbringungseinrichtung", "en": "central accommodation facility"},
    "NU": {"de": "Notunterkunft", "en": "emergency shelter"},
}
TICKET_STATE = {
    "open": {"de": "noch offen", "en": "still open"},
    "answered": {"de": "beantwortet", "en": "answered"},
    "closed": {"de": "abgeschlossen", "en": "closed"},
}
STATUS = {
    "geplant": {"de": "in Planung", "en": "planned"},
    "in_vorbereitung": {"de": "in Vorbereitung", "en": "being prepared"},
    "in_betrieb": {"de": "in Betrieb", "en": "open"},
    "geschlossen": {"de": "geschlossen", "en": "closed"},
}


REGION_PREPOSITION = {"Niederrhein": "Am", "Eifel": "In der", "Bergisches Land": "Im", "Ostwestfalen-Lippe": "In",
                      "Westfalen": "In"}


def where(place, lang: str = "de", inline: bool = False) -> str:  # noqa: ANN001
    """"In Köln", "Im Kreis Unna", "Im Regierungsbezirk Köln", "Im Münsterland", "Am Niederrhein"; with
    `inline` for the middle of a sentence ("in Köln")."""
    phrase = _where(place, lang)
    return phrase[:1].lower() + phrase[1:] if inline else phrase


def _where(place, lang: str) -> str:  # noqa: ANN001
    if lang == "en":
        return f"In {place.name}"
    if place.kind == "municipality":
        return f"In {place.name}"
    if place.kind == "region":
        prefix = REGION_PREPOSITION.get(place.name, "Im")
        name = "Bergischen Land" if place.name == "Bergisches Land" else place.name
        return f"{prefix} {name}"
    if place.name.startswith("Kreis ") or place.kind == "regierungsbezirk" or place.name.endswith("Kreis"):
        name = place.name
        if name.endswith("er Kreis"):  # "im Märkischen Kreis"
            name = name[:-len("er Kreis")] + "en Kreis"
        return f"Im {name}"
    return f"In {place.name}"


def office_phrase(name: str, lang: str) -> str:
    """An office's name as the object of a sentence: "an die Bezirksregierung Köln", "to the ..."."""
    if lang == "en":
        return name if name.lower().startswith("the ") else f"the {name}"
    if name.startswith(("Bezirksregierung", "Zentrale", "Stadt", "Verwaltung")):
        return f"die {name}"
    if name.startswith(("Akquise", "Team", "Ministerium")):
        return f"das {name}"
    return name


def t(key: str, lang: str, **values: object) -> str:
    text = TEXTS[key].get(lang) or TEXTS[key]["de"]
    return text.format(**values) if values else text


def button(key: str, lang: str) -> str:
    return BUTTONS[key].get(lang) or BUTTONS[key]["de"]
