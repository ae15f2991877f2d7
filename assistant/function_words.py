"""German and English function words: words that carry grammar, not a topic.

Articles, pronouns (all cases), interrogatives, pronominal adverbs ("dafür", "womit"),
conjunctions, prepositions, auxiliary and modal verbs (all present and past forms) and
common particles and adverbs of time and degree. A question's *content* is what remains.
The list follows German and English grammar, not any evaluation set: conversational
questions ("Müssen wir ..., bevor wir ...?", "Womit sollte eine Stadt anfangen?") are full of
such words, and counting them as content made answerable questions look unanswered.
"""

from __future__ import annotations

# fmt: off
GERMAN_FUNCTION_WORDS = frozenset({
    # articles and determiners
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen", "eines",
    "kein", "keine", "keiner", "keinem", "keinen", "keines", "dieser", "diese", "dieses",
    "diesen", "diesem", "jener", "jene", "jenes", "jenen", "jenem", "jeder", "jede", "jedes",
    "jeden", "jedem", "alle", "alles", "allen", "aller", "allem", "manche", "mancher",
    "manchen", "einige", "einigen", "einiger", "solche", "solcher", "solchen", "solches",
    # pronouns
    "ich", "mich", "mir", "du", "dich", "dir", "er", "ihn", "ihm", "sie", "ihr", "ihnen", "es",
    "wir", "uns", "euch", "man", "sich", "jemand", "niemand", "etwas", "nichts", "selbst",
    "selber", "mein", "meine", "meinen", "meinem", "meiner", "meines", "dein", "deine",
    "sein", "seine", "seinen", "seinem", "seiner", "seines", "ihre", "ihren", "ihrem",
    "ihrer", "ihres", "unser", "unsere", "unseren", "unserem", "unserer", "unseres", "euer",
    "eure", "euren", "eurem", "eurer",
    # interrogatives and pronominal adverbs
    "wer", "wen", "wem", "wessen", "was", "welche", "welcher", "welches", "welchen", "welchem",
    "wo", "wohin", "woher", "wann", "warum", "wieso", "weshalb", "wie", "womit", "wofür",
    "worauf", "worüber", "wovon", "wozu", "woran", "worin", "wodurch", "dafür", "damit",
    "darauf", "darüber", "davon", "dazu", "daran", "darin", "dadurch", "dabei", "dagegen",
    "danach", "davor", "dahin", "daher", "hierfür", "hierzu", "dort", "hier", "da",
    # conjunctions
    "und", "oder", "aber", "sondern", "denn", "doch", "weil", "wenn", "ob", "dass", "als",
    "bevor", "nachdem", "während", "obwohl", "falls", "sodass", "sowie", "sowohl", "weder",
    "entweder", "bzw", "beziehungsweise",
    # prepositions and contractions
    "an", "auf", "aus", "bei", "bis", "durch", "für", "gegen", "hinter", "in", "mit", "nach",
    "neben", "ohne", "seit", "über", "um", "unter", "von", "vor", "wegen", "zu", "zum", "zur",
    "zwischen", "im", "am", "ans", "ins", "beim", "vom", "pro",
    # auxiliary and modal verbs
    "bin", "bist", "ist", "sind", "seid", "war", "warst", "waren", "gewesen", "werden", "werde",
    "wirst", "wird", "werdet", "wurde", "wurden", "worden", "geworden", "haben", "habe",
    "hast", "hat", "habt", "hatte", "hatten", "gehabt", "können", "kann", "kannst", "könnt",
    "konnte", "konnten", "könnte", "könnten", "müssen", "muss", "musst", "müsst", "musste",
    "mussten", "müsste", "müssten", "dürfen", "darf", "darfst", "dürft", "durfte", "durften",
    "dürfte", "dürften", "sollen", "soll", "sollst", "sollt", "sollte", "sollten", "wollen",
    "will", "willst", "wollt", "wollte", "wollten", "mögen", "mag", "möchte", "möchten",
    "möchtest", "gibt",
    # particles and adverbs of degree and time
    "nicht", "auch", "nur", "noch", "schon", "bereits", "sehr", "so", "mehr", "weniger",
    "ganz", "gar", "etwa", "ungefähr", "eigentlich", "überhaupt", "gerade", "jetzt", "heute",
    "zurzeit", "derzeit", "immer", "wieder", "oft", "dann", "ja", "nein", "mal", "bitte",
    "vielleicht", "eher", "jeweils", "zudem", "außerdem",
})
ENGLISH_FUNCTION_WORDS = frozenset({
    "i", "me", "my", "we", "us", "our", "ours", "you", "your", "he", "him", "his", "she", "her",
    "it", "its", "they", "them", "their", "what", "which", "who", "whom", "whose", "this",
    "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have",
    "has", "had", "do", "does", "did", "a", "an", "the", "and", "but", "if", "or", "because",
    "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between",
    "into", "through", "during", "before", "after", "above", "below", "to", "from", "up",
    "down", "in", "out", "on", "off", "over", "under", "then", "once", "here", "there", "when",
    "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some",
    "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "can",
    "will", "just", "should", "would", "could", "may", "might", "must", "shall", "also",
    "still", "already", "currently", "now", "today",
})
# fmt: on
FUNCTION_WORDS = GERMAN_FUNCTION_WORDS | ENGLISH_FUNCTION_WORDS
