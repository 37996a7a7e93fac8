"""Answer wording in English and French: a question asked in French is answered in French.

Incident data (actors, types, notes) stays in ACLED's English, as analysts exchange it.
"""

from __future__ import annotations

from datetime import date

MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "all_dates": "all dates",
        "since": "since {d}",
        "until": "until {d}",
        "involving": " involving {actors}",
        "within": " within {r:g} km of {place}",
        "region": "{name} region ({country})",
        "summary_n": "{n} incident{s}",
        "killed_total": "{k} {victims}reported killed (figures as reported)",
        "killed_unsplit": " — {u} incident{s} from ACLED counted whole: ACLED does not say which side died",
        "main_actors": "main actors: {actors}",
        "most_active": "Most active: {actors}",
        "n_incidents": "{n} incident{s}",
        "killed_partial": (
            "{k} {victims}reported killed, +{p} in coordinated attacks that also hit places outside "
            "this selection (figures as reported)"
        ),
        "per_month": "Per month: {months}",
        "no_dated": "No dated incidents.",
        "latest": "Latest:",
        "showing": "Showing {a}–{b} of {n}.",
        "say_more": ' Say "show more".',
        "did_you_mean": "did you mean {place}?",
        "used_that": "({suggestion} I used that.)",
        "killed": "{n} {who}killed",
        "tolls_differ": " (sources say {figures}; the lowest is kept)",
        "group_killed": "{n} {who}killed across {k} coordinated attacks",
        "no_toll": "toll not reported",
        "source": "Source: {s}",
        "more_sources": " (+{n} more)",
        "near": "near {place}",
        "area": "{place} area",
        "unnamed": "unnamed place",
        "imported": "imported",
        "none_found": "No incidents found: {what}.",
        "nearest": " Nearest results:",
        "nothing_close": " Nothing close either; the store may not cover this area or period yet.",
        "alt": "{label}: {n} incident{s}, latest {d} at {place}",
        "alt_radius": "within {r:g} km",
        "alt_dates": "at any date",
        "alt_actor": "any actor",
        "alt_type": "any type of incident",
        "unknown_place": (
            'I don\'t know a place called "{name}". Try a town, region or country of the Sahel, '
            'e.g. "attacks near Kayes" or "in Mopti region".'
        ),
        "thats_all": "That's all: {n} incident{s} for {what}.",
        "not_question": "I did not find a question about incidents there.",
        "victims.soldiers": "soldiers ",
        "victims.civilians": "civilians ",
        "victims.militants": "militants ",
        "stored": "Stored {n} new incident{s}",
        "merged": "; {n} already known, added this article as another source",
        "no_incident_found": (
            "I read the article but found no incident in it (no attack, clash, strike, kidnapping, "
            "protest... with a date, place or toll). It is stored, so a second copy will be recognised."
        ),
        "duplicate": "I already have this article (stored {when}, {n} incident{s}); nothing new was stored.",
        "dated_from": "Published {d} ({how}).",
        "assumed_date": (
            'I assumed it was published {d} ({how}): words like "Tuesday" or "yesterday" are counted from that day.'
        ),
        "how.stated": "as you said",
        "how.forwarded": "date of the forwarded post",
        "how.page": "from the page",
        "how.dateline": "from its dateline",
        "how.date line": "from its date line",
        "how.lead": "from its first sentence",
        "how.latest date": "the latest date it reports",
        "how.received": "the day it arrived; the text gives no date",
        "redated": "Re-dated as published {d}: {n} incident{s} re-read.",
        "article_gone": "That article is no longer in the store.",
        "other_date": "📅 Published on another date?",
        "sub_done": "Subscribed to: {what}. I will send one alert per new incident (#{id}).",
        "sub_again": "You were already subscribed to: {what} (#{id}).",
        "sub_confirm": "Did you mean: {what}? Nothing is subscribed until you confirm.",
        "sub_which": "Which place do you mean: {places}? Nothing is subscribed until you choose.",
        "or": " or ",
        "sub_unknown_place": (
            'I don\'t know a place called "{name}"; nothing was subscribed. Try a town or region of the Sahel.'
        ),
        "sub_what": (
            'Tell me what to watch: a place ("near Kayes 100km", "in Mopti region"), an actor ("JNIM") '
            'or a type ("drone strikes").'
        ),
        "btn.yes_subscribe": "✅ Yes, subscribe",
        "btn.no": "✖️ No",
        "stats_head": "{n} incidents from {a} articles ({first} to {last}).",
        "subs_none": "No subscriptions in this chat. Try /subscribe near Kayes 100km",
        "subs_list": "Alerts in this chat:\n{lines}\n\nStop one with /unsubscribe <id>.",
        "unsub_which": "Which one? /unsubscribe <id> (see /subscriptions).",
        "unsub_done": "Subscription #{id} removed.",
        "unsub_none": "No subscription #{id} in this chat.",
        "btn.confirm": "✅ Confirm",
        "btn.correct": "✏️ Correct",
        "btn.discard": "🗑 Discard",
        "btn.undo": "↩️ Undo article",
        "undo_note": "Undo removes this article and its new incidents.",
        "undone": "Undone",
        "undo_done": "Article removed: {n} incident(s) deleted, {k} kept (reported by other articles too).",
        "sub_cancelled": "Nothing was subscribed. Write the place as it is spelled, e.g. /subscribe near Kayes 50km.",
        "btn.timeline": "Timeline",
        "btn.map": "Map",
        "btn.subscribe": "Subscribe",
        "btn.more": "Show more",
        "answer_expired": "That answer is too old for its buttons; ask the question again.",
        "drawing": "Drawing…",
        "subscribed": "Subscribed",
        "ask_date": "On which date was it published? Reply with a date, e.g. 2025-07-01 or 1 July 2025.",
        "bad_date": "I could not read a date there. Reply with e.g. 2025-07-01 or 1 July 2025.",
    },
    "fr": {
        "all_dates": "toutes dates",
        "since": "depuis le {d}",
        "until": "jusqu'au {d}",
        "involving": " impliquant {actors}",
        "within": " dans un rayon de {r:g} km autour de {place}",
        "region": "région de {name} ({country})",
        "summary_n": "{n} incident{s}",
        "killed_total": "{k} {victims}tués selon les sources (chiffres rapportés)",
        "killed_unsplit": " — {u} incident{s} ACLED comptés en entier : ACLED ne dit pas quel camp a eu les morts",
        "killed_partial": (
            "{k} {victims}tués selon les sources, +{p} lors d'attaques coordonnées ayant aussi "
            "frappé des lieux hors de cette sélection (chiffres rapportés)"
        ),
        "main_actors": "principaux acteurs : {actors}",
        "most_active": "Les plus actifs : {actors}",
        "n_incidents": "{n} incident{s}",
        "per_month": "Par mois : {months}",
        "no_dated": "Aucun incident daté.",
        "latest": "Les plus récents :",
        "showing": "Incidents {a} à {b} sur {n}.",
        "say_more": " Dites « plus ».",
        "did_you_mean": "vouliez-vous dire {place} ?",
        "used_that": "({suggestion} C'est ce que j'ai utilisé.)",
        "killed": "{n} {who}tués",
        "tolls_differ": " (les sources disent {figures} ; le plus bas est retenu)",
        "group_killed": "{n} {who}tués sur {k} attaques coordonnées",
        "no_toll": "bilan non communiqué",
        "source": "Source : {s}",
        "more_sources": " (+{n} autres)",
        "near": "près de {place}",
        "area": "zone de {place}",
        "unnamed": "lieu non précisé",
        "imported": "importé",
        "none_found": "Aucun incident trouvé : {what}.",
        "nearest": " Résultats les plus proches :",
        "nothing_close": (
            " Rien d'approchant non plus ; la base ne couvre peut-être pas encore cette zone ou cette période."
        ),
        "alt": "{label} : {n} incident{s}, le plus récent le {d} à {place}",
        "alt_radius": "dans un rayon de {r:g} km",
        "alt_dates": "à toute date",
        "alt_actor": "tout acteur",
        "alt_type": "tout type d'incident",
        "unknown_place": (
            "Je ne connais pas de lieu nommé « {name} ». Essayez une ville, une région ou un pays du "
            "Sahel, par exemple « attaques près de Kayes » ou « dans la région de Mopti »."
        ),
        "thats_all": "C'est tout : {n} incident{s} pour {what}.",
        "not_question": "Je n'ai pas trouvé de question sur des incidents dans ce message.",
        "victims.soldiers": "soldats ",
        "victims.civilians": "civils ",
        "victims.militants": "assaillants ",
        "stored": "{n} nouvel(s) incident(s) enregistré(s)",
        "merged": " ; {n} déjà connu(s), cet article ajouté comme autre source",
        "no_incident_found": (
            "J'ai lu l'article mais je n'y trouve aucun incident (attaque, affrontement, frappe, "
            "enlèvement, manifestation... avec une date, un lieu ou un bilan). Il est enregistré : "
            "une seconde copie sera reconnue."
        ),
        "duplicate": (
            "J'ai déjà cet article (enregistré le {when}, {n} incident{s}) ; rien de nouveau n'a été enregistré."
        ),
        "dated_from": "Publié le {d} ({how}).",
        "assumed_date": (
            "J'ai supposé qu'il a été publié le {d} ({how}) : « mardi », « hier »... sont comptés à partir de ce jour."
        ),
        "how.stated": "comme vous l'avez indiqué",
        "how.forwarded": "date du message transféré",
        "how.page": "d'après la page",
        "how.dateline": "d'après sa ligne de date",
        "how.date line": "d'après sa date",
        "how.lead": "d'après sa première phrase",
        "how.latest date": "la date la plus récente qu'il cite",
        "how.received": "le jour de réception ; le texte ne donne pas de date",
        "redated": "Daté à nouveau du {d} : {n} incident{s} relu{s}.",
        "article_gone": "Cet article n'est plus dans la base.",
        "other_date": "📅 Publié à une autre date ?",
        "sub_done": "Abonnement : {what}. J'enverrai une alerte par nouvel incident (n° {id}).",
        "sub_again": "Vous étiez déjà abonné à : {what} (n° {id}).",
        "sub_confirm": "Vouliez-vous dire : {what} ? Rien n'est enregistré avant votre confirmation.",
        "sub_which": "Quel lieu voulez-vous dire : {places} ? Rien n'est enregistré avant votre choix.",
        "or": " ou ",
        "sub_unknown_place": (
            "Je ne connais pas de lieu nommé « {name} » ; aucun abonnement. Essayez une ville ou une région du Sahel."
        ),
        "sub_what": (
            "Dites-moi quoi surveiller : un lieu (« près de Kayes 100 km », « dans la région de Mopti »), un acteur "
            "(« JNIM ») ou un type (« frappes de drones »)."
        ),
        "btn.yes_subscribe": "✅ Oui, m'abonner",
        "btn.no": "✖️ Non",
        "stats_head": "{n} incidents tirés de {a} articles (du {first} au {last}).",
        "subs_none": "Aucun abonnement dans cette conversation. Essayez /subscribe près de Kayes 100 km",
        "subs_list": "Alertes de cette conversation :\n{lines}\n\nPour en arrêter une : /unsubscribe <n°>.",
        "unsub_which": "Laquelle ? /unsubscribe <n°> (voir /subscriptions).",
        "unsub_done": "Abonnement n° {id} supprimé.",
        "unsub_none": "Aucun abonnement n° {id} dans cette conversation.",
        "btn.confirm": "✅ Confirmer",
        "btn.correct": "✏️ Corriger",
        "btn.discard": "🗑 Écarter",
        "btn.undo": "↩️ Annuler l'article",
        "undo_note": "« Annuler » retire cet article et ses nouveaux incidents.",
        "undone": "Annulé",
        "undo_done": (
            "Article retiré : {n} incident(s) supprimé(s), {k} conservé(s) (rapportés aussi par d'autres articles)."
        ),
        "sub_cancelled": "Aucun abonnement. Écrivez le lieu tel qu'il s'écrit, par ex. /subscribe près de Kayes 50 km.",
        "btn.timeline": "Chronologie",
        "btn.map": "Carte",
        "btn.subscribe": "S'abonner",
        "btn.more": "Plus",
        "answer_expired": "Cette réponse est trop ancienne pour ses boutons ; reposez la question.",
        "drawing": "Je dessine…",
        "subscribed": "Abonné",
        "ask_date": "À quelle date a-t-il été publié ? Répondez avec une date, par ex. 2025-07-01 ou 1er juillet 2025.",
        "bad_date": "Je n'ai pas pu lire de date. Répondez par ex. 2025-07-01 ou 1er juillet 2025.",
    },
}
TYPE_LABELS_FR = {
    "Attacks": "Attaques",
    "Incidents": "Incidents",
    "Violent incidents": "Incidents violents",
    "Drone/air strikes": "Frappes aériennes/de drones",
    "IED/landmine explosions": "Explosions d'EEI/mines",
    "Suicide bombings": "Attentats-suicides",
    "Shelling": "Tirs d'artillerie/obus",
    "Abductions": "Enlèvements",
    "Massacres (violence against civilians)": "Massacres (violences contre les civils)",
    "Violence against civilians": "Violences contre les civils",
    "Ambushes and clashes": "Embuscades et affrontements",
    "Clashes": "Affrontements",
    "Protests": "Manifestations",
    "Riots": "Émeutes",
    "Looting": "Pillages",
    "Arrests": "Arrestations",
    "Explosions/remote violence": "Explosions/violences à distance",
}
COUNTRY_FR = {  # ACLED name -> (preposition, French name)
    "Mali": ("au", "Mali"),
    "Burkina Faso": ("au", "Burkina Faso"),
    "Niger": ("au", "Niger"),
    "Senegal": ("au", "Sénégal"),
    "Mauritania": ("en", "Mauritanie"),
    "Guinea": ("en", "Guinée"),
    "Ivory Coast": ("en", "Côte d'Ivoire"),
    "Ghana": ("au", "Ghana"),
    "Nigeria": ("au", "Nigeria"),
    "Chad": ("au", "Tchad"),
    "Algeria": ("en", "Algérie"),
    "Togo": ("au", "Togo"),
    "Benin": ("au", "Bénin"),
}


ERRORS: dict[str, tuple[str, str]] = {  # key -> (English, French): input refused, nothing lost
    "store_write_failed": (
        "I could not save this article: {why}. Please tell the administrator; send it again once the disk has room.",
        "Je n'ai pas pu enregistrer cet article : {why}. Prévenez l'administrateur ; renvoyez-le quand le disque "
        "aura de la place.",
    ),
    # the correction dialog
    "fix_help": (
        "Reply with one correction per line, for example:\nplace: Nioro\ndate: 2025-07-02\n"
        "type: Explosions/Remote violence\nactor1: JNIM\nfatalities: 12",
        "Répondez avec une correction par ligne, par exemple :\nplace: Nioro\ndate: 2025-07-02\n"
        "type: Explosions/Remote violence\nactor1: JNIM\nfatalities: 12",
    ),
    "fix_unclear": (
        'I did not understand "{part}".\nReply with one correction per line, for example:\nplace: Nioro\n'
        "date: 2025-07-02\ntype: Explosions/Remote violence\nactor1: JNIM\nfatalities: 12",
        "Je n'ai pas compris « {part} ».\nRépondez avec une correction par ligne, par exemple :\nplace: Nioro\n"
        "date: 2025-07-02\ntype: Explosions/Remote violence\nactor1: JNIM\nfatalities: 12",
    ),
    "fix_place": ('I don\'t know a place called "{value}".', "Je ne connais pas de lieu nommé « {value} »."),
    "fix_date": (
        '"{value}" is not a date I can read; use YYYY-MM-DD.',
        "« {value} » n'est pas une date que je sais lire ; écrivez AAAA-MM-JJ.",
    ),
    "fix_type": ("Types: {types}", "Types : {types}"),
    "fix_fatalities": (
        "Fatalities must be a whole number, e.g. 12.",
        "Le nombre de morts doit être un nombre entier, par exemple 12.",
    ),
    "file_too_large": (
        "That file is too large ({size:.1f} MB); I read files up to {limit:.1f} MB. Send the article "
        "itself as text, .txt or .html.",
        "Ce fichier est trop gros ({size:.1f} Mo) ; je lis les fichiers jusqu'à {limit:.1f} Mo. Envoyez "
        "l'article lui-même en texte, .txt ou .html.",
    ),
    "file_empty": ("That file is empty: there is nothing to read.", "Ce fichier est vide : il n'y a rien à lire."),
    "utf16_damaged": (
        "That file says it is UTF-16 but is damaged. Save it as UTF-8 text and send it again.",
        "Ce fichier se dit UTF-16 mais il est abîmé. Enregistrez-le en texte UTF-8 et renvoyez-le.",
    ),
    "binary_file": (
        "That looks like a binary file (PDF, image, archive...), not text. Send the article as plain text, "
        "a .txt or an .html file.",
        "Cela ressemble à un fichier binaire (PDF, image, archive...), pas à du texte. Envoyez l'article "
        "en texte brut, en .txt ou en .html.",
    ),
    "encoding": (
        "I could not read that file's text encoding. Save it as UTF-8 text and send it again.",
        "Je n'arrive pas à lire l'encodage de ce fichier. Enregistrez-le en texte UTF-8 et renvoyez-le.",
    ),
    "empty": ("There is nothing to read: the message is empty.", "Il n'y a rien à lire : le message est vide."),
    "binary_text": (
        "That looks like binary data, not an article. Send the article as text.",
        "Cela ressemble à des données binaires, pas à un article. Envoyez l'article en texte.",
    ),
    "too_long": (
        "That text is too long ({n:,} characters); I read articles up to {limit:,} characters. Send one "
        "article at a time.",
        "Ce texte est trop long ({n:,} caractères) ; je lis les articles jusqu'à {limit:,} caractères. "
        "Envoyez un article à la fois.",
    ),
    "too_short": (
        'That is too short to be an article. Paste the whole article, or ask a question like "attacks near Kayes?".',
        "C'est trop court pour un article. Collez l'article entier, ou posez une question comme « attaques "
        "près de Kayes ? ».",
    ),
    "language": (
        "I read articles in English and French only, and this one looks like another language. Nothing was stored.",
        "Je ne lis que les articles en anglais et en français, et celui-ci semble dans une autre langue. "
        "Rien n'a été enregistré.",
    ),
    "not_prose": (
        "I found no incident: that does not read as an article (no sentences, or the same few words over "
        "and over). Nothing was stored; paste the article's text.",
        "Je n'ai trouvé aucun incident : cela ne se lit pas comme un article (pas de phrases, ou les mêmes "
        "mots répétés). Rien n'a été enregistré ; collez le texte de l'article.",
    ),
    "bad_date": (
        '"{text}" is not a date I can read; use YYYY-MM-DD, e.g. 2025-07-01.',
        "« {text} » n'est pas une date que je sais lire ; écrivez AAAA-MM-JJ, par ex. 2025-07-01.",
    ),
    "no_host": (
        "I could not find the site {host}. Check the link, or paste the article's text.",
        "Je ne trouve pas le site {host}. Vérifiez le lien, ou collez le texte de l'article.",
    ),
    "not_http": ("I only read http:// and https:// links.", "Je ne lis que les liens http:// et https://."),
    "private_link": (
        "I don't fetch links to local or private network addresses. Paste the article's text instead.",
        "Je n'ouvre pas les liens vers des adresses locales ou privées. Collez plutôt le texte de l'article.",
    ),
    "page_too_large": (
        "That page is larger than {mb} MB; I stopped reading it.",
        "Cette page dépasse {mb} Mo ; j'ai arrêté de la lire.",
    ),
    "redirects": (
        "That link redirects more than {n} times; paste the article's text instead.",
        "Ce lien redirige plus de {n} fois ; collez plutôt le texte de l'article.",
    ),
    "fetch_failed": (
        "I could not fetch that page ({why}). Paste the article text instead.",
        "Je n'ai pas pu charger cette page ({why}). Collez plutôt le texte de l'article.",
    ),
}
BOT_TEXT: dict[str, tuple[str, str]] = {  # the Telegram bot's own replies, (English, French)
    "ask_usage": (
        "Ask after the command, e.g. /ask attacks near Kayes since June",
        "Posez la question après la commande, par ex. /ask attaques près de Kayes depuis juin",
    ),
    "add_usage": (
        "Send the article after /add, or reply /add to a message that holds it.",
        "Envoyez l'article après /add, ou répondez /add au message qui le contient.",
    ),
    "no_media": (
        "I read text, not pictures or recordings: send the article's text (or the question) as a message. "
        "A caption alone is too little to go on.",
        "Je lis du texte, pas des images ni des enregistrements : envoyez le texte de l'article (ou la "
        "question) en message. Une légende seule ne suffit pas.",
    ),
    "file_kinds": (
        "I read .txt and .html files. Send the article as text or one of those.",
        "Je lis les fichiers .txt et .html. Envoyez l'article en texte ou dans l'un de ces formats.",
    ),
    "incident_gone": ("That incident is no longer in the store.", "Cet incident n'est plus dans la base."),
    "fix_cancelled": (
        "Correction cancelled; the incident is unchanged.",
        "Correction annulée ; l'incident est inchangé.",
    ),
    "fix_timeout": (
        "The correction timed out; the incident is unchanged. Press ✏️ Correct again to retry.",
        "Correction expirée ; l'incident est inchangé. Appuyez de nouveau sur ✏️ Corriger.",
    ),
    "confirmed": ("Confirmed", "Confirmé"),
    "discarded": ("Discarded", "Écarté"),
    "incident_discarded": ("🗑 Incident discarded.", "🗑 Incident écarté."),
    "nothing_to_export": ("Nothing to export for: {label}.", "Rien à exporter pour : {label}."),
    "digest_off": ("Daily digest off.", "Résumé quotidien désactivé."),
    "digest_on": (
        "Daily digest at {hour:02d}:00 ({tz}) with the incidents matching this chat's subscriptions.",
        "Résumé quotidien à {hour:02d} h 00 ({tz}) avec les incidents des abonnements de cette discussion.",
    ),
    "digest_usage": ("Use /digest <hour 0-23> or /digest off.", "Écrivez /digest <heure 0-23> ou /digest off."),
    "admins_only": ("Only administrators can do that.", "Seuls les administrateurs peuvent faire cela."),
    "usage": ("Use {usage}.", "Écrivez {usage}."),
    "allowed": (
        "User {user} can now use the bot ({role}).",
        "L'utilisateur {user} peut désormais utiliser le bot ({role}).",
    ),
    "revoked": ("User {user} revoked{note}.", "Accès de l'utilisateur {user} retiré{note}."),
    "still_allowed": (" (still allowed by the settings file)", " (toujours autorisé par le fichier de configuration)"),
    "unknown_command": (
        "I don't know the command {cmd}. Send /help for the list.",
        "Je ne connais pas la commande {cmd}. Envoyez /help pour la liste.",
    ),
    "what_i_read": (
        "I read text messages, .txt and .html files, and links. For a PDF or a photo, send the article's text instead.",
        "Je lis les messages texte, les fichiers .txt et .html et les liens. Pour un PDF ou une photo, "
        "envoyez plutôt le texte de l'article.",
    ),
    "went_wrong": (
        "Sorry, something went wrong on my side; nothing was lost. Please try again.",
        "Désolé, quelque chose s'est mal passé de mon côté ; rien n'a été perdu. Veuillez réessayer.",
    ),
}
for _key, (_en, _fr) in ERRORS.items():
    TEXT["en"][f"err.{_key}"], TEXT["fr"][f"err.{_key}"] = _en, _fr
for _key, (_en, _fr) in BOT_TEXT.items():
    TEXT["en"][_key], TEXT["fr"][_key] = _en, _fr


def tr(lang: str, key: str, **kw) -> str:
    table = TEXT.get(lang, TEXT["en"])
    return table.get(key, TEXT["en"][key]).format(**kw)


def plural(n: int) -> str:
    return "" if n == 1 else "s"


def day(d: date | str | None, lang: str = "en") -> str:
    if d is None:
        return "?"
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"
    return f"{d.day} {d:%b %Y}"


def period(start: date | None, end: date | None, lang: str = "en") -> str:
    if start and end:
        if start == end:
            return day(start, lang)
        if start.year == end.year:
            short = f"{start.day} {MONTHS_FR[start.month - 1]}" if lang == "fr" else f"{start.day} {start:%b}"
            return f"{short}–{day(end, lang)}"
        return f"{day(start, lang)}–{day(end, lang)}"
    if start:
        return tr(lang, "since", d=day(start, lang))
    if end:
        return tr(lang, "until", d=day(end, lang))
    return tr(lang, "all_dates")


AREA_NAMES = {  # part of a country -> (English, French): "central Mali", "centre du Mali"
    "north": ("northern {c}", "nord du {c}"),
    "south": ("southern {c}", "sud du {c}"),
    "east": ("eastern {c}", "est du {c}"),
    "west": ("western {c}", "ouest du {c}"),
    "centre": ("central {c}", "centre du {c}"),
    "north-east": ("north-eastern {c}", "nord-est du {c}"),
    "north-west": ("north-western {c}", "nord-ouest du {c}"),
    "south-east": ("south-eastern {c}", "sud-est du {c}"),
    "south-west": ("south-western {c}", "sud-ouest du {c}"),
}


NAMED_AREAS = {  # areas known by name (bot/questions/data/areas.toml), English and French
    "tri-border": ("the tri-border area (Liptako-Gourma)", "la zone des trois frontières (Liptako-Gourma)"),
    "lake-chad": ("the Lake Chad basin", "le bassin du lac Tchad"),
    "inner-delta": ("the inner Niger delta", "le delta intérieur du Niger"),
}


def area(part: str, country_name: str | None, lang: str) -> str:
    en, fr = AREA_NAMES.get(part) or NAMED_AREAS.get(part, ("{c}", "{c}"))
    return (fr if lang == "fr" else en).format(c=country(country_name, lang))


def country(name: str | None, lang: str) -> str | None:
    if lang == "fr" and name in COUNTRY_FR:
        return COUNTRY_FR[name][1]
    return name


def type_label(label: str, lang: str) -> str:
    return TYPE_LABELS_FR.get(label, label) if lang == "fr" else label
