"""What the bot says it does, in English and French (the /start and /help text, the console's
:help, and the answer to a message that is neither an article nor a question)."""

HELP = (
    "I keep a store of conflict incidents in the Sahel, extracted from the articles you send me.\n"
    "• Send or forward an article (English or French), a .txt/.html file or a link: I extract its "
    "incidents (date, place, actors, type, fatalities) and store them.\n"
    '• Ask in plain words: "attacks near Kayes?", "JNIM attacks in Timbuktu since June", '
    '"how many soldiers killed in Burkina this year?", "attaques près de Ménaka depuis le 1er mars".\n'
    '• Follow up: "and near Nioro?", "only JNIM", "show more".'
)


HELP_FR = (
    "Je tiens une base d'incidents du conflit au Sahel, extraits des articles que vous m'envoyez.\n"
    "• Envoyez ou transférez un article (anglais ou français), un fichier .txt/.html ou un lien : j'en extrais "
    "les incidents (date, lieu, acteurs, type, victimes) et je les enregistre.\n"
    "• Posez vos questions : « attaques près de Ménaka depuis le 1er mars », « combien de soldats tués au "
    "Burkina ce mois-ci ? », « qui a attaqué Djibo ? ».\n"
    "• Enchaînez : « et près de Nioro ? », « seulement JNIM », « plus »."
)
