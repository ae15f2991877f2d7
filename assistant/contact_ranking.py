"""Suggest regional contacts: who did or supports this, nearest first, with the reason.

Relevance comes first: contacts named by a cited document (documents list contact ids in
their metadata) before contacts whose topics match the question or the cited documents.
Within a tier the nearer contact wins (same municipality, Kreis, Regierungsbezirk, Land).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.result import Citation, ContactSuggestion
from assistant.contacts import Contact
from assistant.models import SearchHit
from assistant.overlap import stems
from assistant.regions import Place, Regions

GENERAL_TOPICS = frozenset({"wissenstransfer", "foerderberatung", "interkommunale-zusammenarbeit"})
_PROXIMITY_DE = {
    0: "in Ihrer Kommune",
    1: "in Ihrem Kreis",
    2: "in Ihrer Region",
    3: "landesweit",
    4: "bundesweit",
}
_PROXIMITY_EN = {
    0: "in your municipality",
    1: "in your district",
    2: "in your region",
    3: "state-wide",
    4: "nation-wide",
}


@dataclass(frozen=True)
class _Scored:
    contact: Contact
    tier: int
    score: float
    distance: int | None
    reason: str


def contact_distance(asker: Place | None, contact: Contact, regions: Regions) -> int | None:
    """Administrative distance (0-4) from the asker to the contact's seat, if known."""
    if asker is None:
        return None
    if contact.municipality:
        place = regions.places.get(" ".join(contact.municipality.casefold().split()))
        if place is not None:
            return Regions.distance(asker, place)
        kreis = contact.municipality.casefold()
        if kreis.startswith(("kreis ", "städteregion ")):
            return (
                1 if asker.kreis.casefold() == kreis else 2 if contact.region == asker.region else 3
            )
    if contact.region and contact.region == asker.region:
        return 2
    if contact.region in ("NRW", asker.land):
        return 3
    return 4


def _topic_words(contact: Contact) -> str:
    return " ".join(t.replace("-", " ") for t in contact.topics) + " " + contact.role


@functools.lru_cache(maxsize=4096)
def _static_stems(text: str) -> frozenset[str]:
    """Stems of a contact's topics or role: the same few strings on every request."""
    return frozenset(stems(text))


_NAMED_REASONS = {
    "de": {
        "own": "hat das Projekt „{title}“ umgesetzt",
        "project_report": "hat das Projekt „{title}“ begleitet",
        "programme_guideline": "ist Ansprechstelle für „{programme}“",
        "transfer_note": "berät zur Nachnutzung von „{title}“",
        "other": "wird in „{title}“ als Ansprechstelle genannt",
    },
    "en": {
        "own": "carried out the project “{title}”",
        "project_report": "supported the project “{title}”",
        "programme_guideline": "is a contact office for “{programme}”",
        "transfer_note": "advises on adopting “{title}”",
        "other": "is named in “{title}”",
    },
}


def _listed(hit: SearchHit, field: str) -> set[str]:
    """A comma-separated metadata field of a hit as a set."""
    return {x.strip() for x in str(hit.metadata.get(field, "") or "").split(",") if x.strip()}


def _named_reason(hit: SearchHit, n: int, contact: Contact, english: bool) -> str:
    """Why a contact named by a cited document fits, citing that document."""
    municipality = str(hit.metadata.get("municipality", "") or "")
    own = bool(municipality) and (
        municipality == contact.municipality or municipality in contact.organisation
    )
    kind = hit.doc_type if hit.doc_type in _NAMED_REASONS["de"] else "other"
    if kind == "project_report" and own:
        kind = "own"
    template = _NAMED_REASONS["en" if english else "de"][kind]
    programme = str(hit.metadata.get("programme") or hit.title)
    return f"{template.format(title=hit.title, programme=programme)} [{n}]"


def suggestion(contact: Contact, reason: str, distance: int | None) -> ContactSuggestion:
    """The public view of a contact, with why and how far away it is suggested."""
    return ContactSuggestion(
        id=contact.id,
        name=contact.name,
        organisation=contact.organisation,
        role=contact.role,
        region=contact.region,
        topics=list(contact.topics),
        channel=contact.channel,
        reason=reason,
        distance=distance,
    )


def rank_contacts(
    question: str,
    cited: Sequence[tuple[Citation, SearchHit]],
    contacts: Sequence[Contact],
    regions: Regions,
    asker: Place | None,
    *,
    english: bool = False,
    limit: int = 3,
) -> list[ContactSuggestion]:
    """The best ``limit`` contacts for a question and its cited evidence."""
    q = stems(question)
    cited_topics = {t for _, hit in cited for t in _listed(hit, "topics")}
    scored: list[_Scored] = []
    for contact in contacts:
        distance = contact_distance(asker, contact, regions)
        naming = [(c, hit) for c, hit in cited if contact.id in _listed(hit, "contacts")]
        topic_stems = _static_stems(_topic_words(contact))
        question_match = [s for s in q if s in topic_stems]
        doc_match = sorted(set(contact.topics) & cited_topics)
        if naming:
            citation, hit = naming[0]
            reason = _named_reason(hit, citation.n, contact, english)
            scored.append(_Scored(contact, 2, len(naming) + len(doc_match), distance, reason))
        elif question_match or doc_match:
            matched = set(question_match)
            topics = [t for t in contact.topics if matched & _static_stems(t.replace("-", " "))]
            topics = topics or doc_match or list(contact.topics[:2])
            shown = ", ".join(topics[:3])
            reason = f"berät zu {shown}" if not english else f"advises on {shown}"
            score = len(question_match) + 0.5 * len(doc_match)
            scored.append(_Scored(contact, 1, score, distance, reason))
    if not scored:
        scored = [
            _Scored(
                c,
                0,
                0.0,
                contact_distance(asker, c, regions),
                "berät Kommunen allgemein zu Digitalisierung und Förderung"
                if not english
                else "advises municipalities on digitalisation and funding in general",
            )
            for c in contacts
            if GENERAL_TOPICS & set(c.topics)
        ]
    far = 5
    scored.sort(
        key=lambda s: (
            -s.tier,
            s.distance if s.distance is not None else far,
            -s.score,
            s.contact.id,
        )
    )
    out: list[ContactSuggestion] = []
    proximity = _PROXIMITY_EN if english else _PROXIMITY_DE
    for s in scored[:limit]:
        where = f" ({proximity[s.distance]})" if s.distance is not None else ""
        out.append(suggestion(s.contact, f"{s.reason}{where}.", s.distance))
    return out
