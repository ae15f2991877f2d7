"""The area a funding guideline covers, read from who grants the money.

"Der Freistaat Sachsen gewährt Zuwendungen ..." -> ``Sachsen``; "Das Bundesministerium für
Wirtschaft und Klimaschutz fördert ..." -> ``Bund``. ``grantor`` reads one sentence (the
grantor stands before the verb "gewährt"/"fördert"/"unterstützt"); ``region_by_count`` is the
fallback for a guideline without such a sentence: the first Land named in a government role
("Freistaat Sachsen", "Sächsisches Staatsministerium"), else the first federal authority.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.fact_sentences import sentence_spans
from assistant.models import SearchHit
from assistant.programme_fact_model import Fact

__all__ = ["grantor", "region_by_count"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_LAENDER = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen-Anhalt", "Sachsen", "Schleswig-Holstein", "Thüringen",
)  # fmt: skip
_ADJECTIVES = {
    "sächsisch": "Sachsen", "bayerisch": "Bayern", "thüringer": "Thüringen",
    "hessisch": "Hessen", "niedersächsisch": "Niedersachsen", "brandenburgisch": "Brandenburg",
}  # fmt: skip
_LAND = _rx(
    r"\b(?:freistaat(?:es)?|land(?:es)?|landesregierung|regierung\s+des\s+landes)\s+("
    + "|".join(re.escape(x) for x in _LAENDER)
    + r"|NRW)\b|\b(sächsisch|bayerisch|thüringer|hessisch|niedersächsisch|brandenburgisch)\w*\s+"
    r"(?:staats)?minister\w*"
)
_BUND = _rx(
    r"\bbundesministerium\b|\bbundesregierung\b|\bbundesamt\b|\bdes\s+bundes\b|\bder\s+bund\b"
)
_GRANTS = _rx(r"\b(?:gewährt|gewähren|fördert|fördern|unterstützt|unterstützen|bezuschusst)\b")


def _land_of(text: str) -> str:
    m = _LAND.search(text)
    if not m:
        return ""
    if m[1]:
        return "Nordrhein-Westfalen" if m[1].upper() == "NRW" else _canonical_land(m[1])
    return _ADJECTIVES.get(m[2].casefold(), "")


def _canonical_land(name: str) -> str:
    return next((x for x in _LAENDER if x.casefold() == name.casefold()), name)


def grantor(s: str) -> str:
    """The area of whoever "gewährt"/"fördert" in ``s`` (``""`` when the sentence says none)."""
    verb = _GRANTS.search(s)
    if not verb:
        return ""
    who = s[max(0, verb.start() - 160) : verb.start()]
    if land := _land_of(who):
        return land
    return "Bund" if _BUND.search(who) else ""


def region_by_count(hits: Sequence[SearchHit]) -> Fact | None:
    """Without a grantor sentence: the first Land named in a government role, else the Bund."""
    for hit in hits[:20]:
        for start, end in sentence_spans(hit.text):
            sentence = hit.text[start:end]
            if land := _land_of(sentence):
                return Fact("region", sentence, hit, values=(land,))
    for hit in hits[:20]:
        for start, end in sentence_spans(hit.text):
            sentence = hit.text[start:end]
            if _BUND.search(sentence):
                return Fact("region", sentence, hit, values=("Bund",))
    return None
