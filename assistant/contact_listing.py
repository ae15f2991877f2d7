"""Browse the regional contacts: all of them nearest first, or those fitting a topic.

With a topic the contact ranking of the answers decides (``rank_contacts``: topic words
against the contacts' topics and roles; general advisers when nothing fits). Without one
every contact is listed, nearest to the asking municipality first, with where it sits as
the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.result import ContactSuggestion
from assistant.contact_ranking import contact_distance, rank_contacts, suggestion
from assistant.contacts import Contact
from assistant.regions import Place, Regions
from assistant.topic_labels import topic_list

_WHERE_DE = {
    0: "Ansprechstelle in Ihrer Kommune",
    1: "Ansprechstelle in Ihrem Kreis",
    2: "Ansprechstelle in Ihrer Region",
    3: "landesweite Ansprechstelle",
    4: "bundesweite Ansprechstelle",
}
_WHERE_EN = {
    0: "contact in your municipality",
    1: "contact in your district",
    2: "contact in your region",
    3: "state-wide contact",
    4: "nation-wide contact",
}


def list_contacts(
    contacts: Sequence[Contact],
    regions: Regions,
    *,
    asker: Place | None = None,
    topic: str | None = None,
    english: bool = False,
    limit: int = 20,
) -> list[ContactSuggestion]:
    """Contacts for a topic (ranked) or all contacts (nearest first), at most ``limit``."""
    if topic and topic.strip():
        return rank_contacts(
            topic.strip(), [], contacts, regions, asker, english=english, limit=limit
        )
    far = 5
    placed = [(contact_distance(asker, c, regions), c) for c in contacts]
    placed.sort(key=lambda dc: (dc[0] if dc[0] is not None else far, dc[1].name, dc[1].id))
    where = _WHERE_EN if english else _WHERE_DE
    general = "contact for municipalities" if english else "Ansprechstelle für Kommunen"
    out: list[ContactSuggestion] = []
    for distance, c in placed[:limit]:
        topics = topic_list(c.topics[:3], "en" if english else "de")
        lead = where[distance] if distance is not None else general
        reason = f"{lead}; {'topics' if english else 'Themen'}: {topics}." if topics else lead + "."
        out.append(suggestion(c, reason, distance))
    return out
