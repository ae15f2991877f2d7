"""Applicant types named in German guideline text, as the programme matcher's keys.

The matcher compares the asker (``AskerProfile.applicant_types``: ``gemeinde``, ``stadt``,
``kommune``, for a kreisfreie Stadt also ``kreis``) with a programme's applicants. Guideline
text names them in many ways ("Kommunen (Städte, Gemeinden und Landkreise)", "kommunale
Gebietskörperschaften", "Betriebe mit mindestens 25 Prozent kommunaler Beteiligung",
"gemeinnützige Vereine"); ``applicant_types`` maps a passage to the keys the sample corpus's
front matter uses. ``Kommunen`` and ``kommunale Gebietskörperschaften`` stand for Gemeinden,
Städte and Kreise, as German administrative language uses them. Terms after "nicht" / "keine"
/ "ausgenommen" in the same clause are not read (``Nicht antragsberechtigt sind ...``).
"""

from __future__ import annotations

import re

__all__ = ["APPLICANT_LABELS", "applicant_types"]

#: (pattern, keys) in the order they are tried; a matched span is not read again
_RULES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), keys)
    for pattern, keys in (
        (r"kreisfreie[n]?\s+städte?", ("kreisfreie-stadt", "stadt")),
        (r"kommunale[n]?\s+(?:unternehmen|eigenbetriebe?|betriebe?|gesellschaft(?:en)?)|"
         r"(?:betriebe?|unternehmen|einrichtungen|gesellschaften)[^.;]{0,60}?kommunale[rn]?\s+"
         r"beteiligung|stadtwerke", ("kommunales-unternehmen",)),
        (r"zweckverb[äa]nde?n?|kommunale[n]?\s+zusammenschl[üu]sse?n?|"
         r"kommunale[n]?\s+arbeitsgemeinschaften", ("zweckverband",)),
        (r"interkommunale[n]?\s+(?:verb[üu]nde?|kooperation(?:en)?)", ("interkommunaler-verbund",)),
        (r"wasser(?:wirtschafts)?verb[äa]nde?n?", ("wasserverband",)),
        (r"(?:land)?kreise?n?\b|gemeindeverb[äa]nde?n?", ("kreis",)),
        (r"kommunen?\b|kommunale[n]?\s+gebietskörperschaften|gebietskörperschaften",
         ("gemeinde", "stadt", "kreis")),
        (r"gemeinden?\b", ("gemeinde",)),
        (r"städte|\bstadt\b", ("stadt",)),
        (r"schulträger[n]?", ("schultraeger",)),
        (r"hochschulen?|universitäten|universitätskliniken", ("hochschule",)),
        (r"forschungseinrichtungen|forschungsinstitut(?:e|ionen)?", ("forschungseinrichtung",)),
        (r"vereine?n?\b|verbände\b", ("verein",)),
        (r"religionsgemeinschaften", ("religionsgemeinschaft",)),
        (r"stiftungen", ("stiftung",)),
        (r"unternehmen|betriebe\b|kmu\b", ("unternehmen",)),
        (r"(?:öffentliche|gemeinnützige|soziale)[^.;]{0,40}?einrichtungen", ("einrichtung",)),
    )
)  # fmt: skip
_NEGATION = re.compile(r"\b(?:nicht|keine|ausgenommen|ausgeschlossen|außer)\b", re.IGNORECASE)

#: German labels of the keys (for messages)
APPLICANT_LABELS = {
    "gemeinde": "Gemeinden",
    "stadt": "Städte",
    "kreis": "Kreise",
    "kreisfreie-stadt": "kreisfreie Städte",
    "zweckverband": "Zweckverbände",
    "kommunales-unternehmen": "kommunale Unternehmen",
    "interkommunaler-verbund": "interkommunale Verbünde",
    "wasserverband": "Wasserverbände",
    "schultraeger": "Schulträger",
    "hochschule": "Hochschulen",
    "forschungseinrichtung": "Forschungseinrichtungen",
    "verein": "Vereine",
    "religionsgemeinschaft": "Religionsgemeinschaften",
    "stiftung": "Stiftungen",
    "unternehmen": "Unternehmen",
    "einrichtung": "Einrichtungen",
}


def applicant_types(passage: str) -> tuple[str, ...]:
    """The applicant keys ``passage`` names (not the ones it excludes), in a stable order."""
    taken = [False] * len(passage)
    found: list[str] = []
    for pattern, keys in _RULES:
        for m in pattern.finditer(passage):
            if any(taken[m.start() : m.end()]):
                continue
            if _negated(passage, m.start()):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.extend(k for k in keys if k not in found)
    order = list(APPLICANT_LABELS)
    return tuple(sorted(found, key=order.index))


def _negated(passage: str, position: int) -> bool:
    """A negation between the last clause break and ``position``."""
    clause_start = max(passage.rfind(c, 0, position) for c in ".;:\n")
    return bool(_NEGATION.search(passage[clause_start + 1 : position]))
