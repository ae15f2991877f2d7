"""Suggest regional contacts: who fits the question best, then who is nearest, with the reason.

Fit first, each with its reason in plain words:

* the programme's own office: for a cited funding guideline, the contacts whose
  ``programmes`` name it (its Projektträger or Bewilligungsbehörde);
* the offices a cited document names: in its metadata (``contacts``) or in the cited text
  (the organisation's name or its acronym, e.g. "ZUG");
* for questions on transfer and whom to ask, offices whose task is knowledge transfer and
  whose topics match;
* contacts whose topics match the question or the cited documents' topics.

Distance (same municipality, Kreis, region, Land, Bund) orders contacts of equal fit. A
Kreis office serves its own Kreis: found by topic alone it is only suggested to askers
there; a regional office only to askers of its region (or when the asker is unknown).
Nobody is suggested without a fit: no invented reasons, and a refusal suggests only
contacts whose topics the question names (none for off-topic questions).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.result import Citation, ContactSuggestion
from assistant.contacts import Contact
from assistant.models import SearchHit
from assistant.regions import Place, Regions
from assistant.topic_labels import topic_list
from assistant.topic_terms import GENERIC, fold, term_matches, text_score, topic_terms, words

_PROXIMITY = {
    "de": {0: "in Ihrer Kommune", 1: "in Ihrem Kreis", 2: "in Ihrer Region", 3: "landesweit",
           4: "bundesweit"},
    "en": {0: "in your municipality", 1: "in your district", 2: "in your region",
           3: "state-wide", 4: "nation-wide"},
}  # fmt: skip
_TRANSFER_QUESTION = re.compile(
    r"nachnutz|übernehm|übertrag|transfer|wissens|erfahrung|wen\b|wer\s+(?:kann|hat|könnte)|"
    r"ansprech|beraten|berät|helfen|who\s+can|who\s+has|advise|help|already\s+did",
    re.IGNORECASE,
)
_FUNDING_QUESTION = re.compile(
    r"förder|zuschuss|fördermittel|geld|finanzier|antrag|fund|grant|apply", re.IGNORECASE
)
#: how much each kind of fit weighs; contacts within one point are ordered by distance
W_PROGRAMME = 4.0
W_NAMED = 3.0
W_TRANSFER = 1.0
W_QUESTION_TOPIC = 1.0
W_DOCUMENT_TOPIC = 0.5
#: a word of the contact's role (not its topics) that the question names
W_ROLE_WORD = 0.5
PROGRAMME_NAME_FIT = 0.75


@dataclass(frozen=True)
class _Scored:
    contact: Contact
    fit: float
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


def _listed(hit: SearchHit, field: str) -> set[str]:
    """A comma-separated metadata field of a hit as a set."""
    return {x.strip() for x in str(hit.metadata.get(field, "") or "").split(",") if x.strip()}


@functools.lru_cache(maxsize=1024)
def _names(contact: Contact) -> tuple[str, ...]:
    """How a document may name a contact's organisation: its name without the bracketed
    part and legal form, and the acronym in brackets ("ZUG")."""
    org = contact.organisation
    out = [m.group(1) for m in re.finditer(r"\(([A-ZÄÖÜ][A-Za-zÄÖÜäöü.]{1,9})\)", org)]
    main = re.sub(r"\(.*?\)", "", org)
    main = re.sub(r"\b(?:gGmbH|GmbH|e\.\s?V\.|AG)\b", "", main).strip(" ,–-")
    if len(main) >= 8:
        out.append(main)
    return tuple(dict.fromkeys(out))


def _names_in(contact: Contact, text: str) -> bool:
    return any(
        re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in _names(contact)
    )


def _programme_fits(contact: Contact, hit: SearchHit) -> bool:
    """Whether a cited guideline is one of the contact's programmes."""
    if hit.doc_type != "programme_guideline" or not contact.programmes:
        return False
    own = fold(f"{hit.metadata.get('programme') or ''} {hit.title}")
    for programme in contact.programmes:
        name = re.sub(r"\(.*?\)", "", programme).strip()
        if fold(name) in own or text_score(topic_terms(name), own) >= PROGRAMME_NAME_FIT:
            return True
    return False


def _question_words(question: str) -> list[str]:
    """The question's folded content words, English ones with their German counterparts."""
    return [w for w in topic_terms(question) if len(w) >= 4 and w not in GENERIC]


def _topic_matches(contact: Contact, question_words: Sequence[str]) -> list[str]:
    """The contact's topics the question names."""
    out = []
    for topic in contact.topics:
        parts = [p for p in words(topic) if len(p) >= 3]
        if any(term_matches(w, p) or term_matches(p, w) for w in question_words for p in parts):
            out.append(topic)
    return out


def _role_matches(contact: Contact, question_words: Sequence[str]) -> list[str]:
    """Words of the contact's role (as written there) that the question names."""
    out: list[str] = []
    for token in re.findall(r"[^\W\d_][\w-]{3,}", contact.role):
        folded = fold(token)
        if any(term_matches(w, folded) for w in question_words) and token not in out:
            out.append(token)
    return out


def _is_local_office(contact: Contact) -> bool:
    """A Kreis office (it serves its own Kreis)."""
    return contact.organisation.startswith(("Kreis ", "Landkreis ")) or contact.id.startswith(
        "kreis-"
    )


def _serves(contact: Contact, asker: Place | None, distance: int | None) -> bool:
    """Whether a contact found by topic alone serves the asker."""
    if _is_local_office(contact):
        return distance is not None and distance <= 1
    if asker is None or contact.region in ("Bund", "NRW", asker.land, ""):
        return True
    return contact.region == asker.region


_NAMED_REASONS = {
    "de": {
        "own": "hat das Projekt „{title}“ umgesetzt",
        "project_report": "hat das Projekt „{title}“ begleitet",
        "programme_guideline": "ist Ansprechstelle für „{programme}“",
        "transfer_note": "berät zur Nachnutzung von „{title}“",
        "other": "wird in „{title}“ als Ansprechstelle genannt",
        "text": "wird in „{title}“ genannt",
        "programme": "ist die zuständige Stelle für „{programme}“",
    },
    "en": {
        "own": "carried out the project “{title}”",
        "project_report": "supported the project “{title}”",
        "programme_guideline": "is a contact office for “{programme}”",
        "transfer_note": "advises on adopting “{title}”",
        "other": "is named in “{title}”",
        "text": "is named in “{title}”",
        "programme": "is the office responsible for “{programme}”",
    },
}


def _named_reason(hit: SearchHit, n: int, contact: Contact, language: str, how: str = "") -> str:
    """Why a contact named by (or responsible for) a cited document fits, citing it."""
    municipality = str(hit.metadata.get("municipality", "") or "")
    own = bool(municipality) and (
        municipality == contact.municipality or municipality in contact.organisation
    )
    kind = how or (hit.doc_type if hit.doc_type in _NAMED_REASONS["de"] else "other")
    if kind == "project_report" and own:
        kind = "own"
    template = _NAMED_REASONS[language][kind]
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


def _score(
    contact: Contact,
    question: str,
    question_words: Sequence[str],
    cited: Sequence[tuple[Citation, SearchHit]],
    cited_topics: set[str],
    distance: int | None,
    asker: Place | None,
    language: str,
) -> _Scored | None:
    fit = 0.0
    reasons: list[str] = []
    funding = bool(_FUNDING_QUESTION.search(question))
    programme = next(((c, h) for c, h in cited if _programme_fits(contact, h)), None)
    if programme is not None:
        fit += W_PROGRAMME if funding else W_NAMED
        reasons.append(_named_reason(programme[1], programme[0].n, contact, language, "programme"))
    named = [(c, h) for c, h in cited if contact.id in _listed(h, "contacts")]
    in_text = [(c, h) for c, h in cited if _names_in(contact, c.quote)]
    by_guideline = any(h.doc_type == "programme_guideline" for _, h in named + in_text)
    if programme is None and funding and by_guideline:
        fit += W_PROGRAMME  # the office a cited guideline names, for a funding question
    elif named or in_text:
        fit += W_NAMED
        if programme is None:
            c, h = (named or in_text)[0]
            reasons.append(_named_reason(h, c.n, contact, language, "" if named else "text"))
    asked = _topic_matches(contact, question_words)
    from_docs = sorted(set(contact.topics) & cited_topics - set(asked))
    fit += W_QUESTION_TOPIC * len(asked) + W_DOCUMENT_TOPIC * len(from_docs)
    if asked and "wissenstransfer" in contact.topics and _TRANSFER_QUESTION.search(question):
        fit += W_TRANSFER
    in_role = [] if asked or from_docs else _role_matches(contact, question_words)
    fit += W_ROLE_WORD * bool(in_role)
    if not reasons and (asked or from_docs or in_role):
        if not _serves(contact, asker, distance):
            return None
        shown = (
            topic_list((asked or from_docs)[:3], language)
            if asked or from_docs
            else (", ".join(in_role[:2]))
        )
        reasons.append(f"advises on {shown}" if language == "en" else f"berät zu {shown}")
    if fit <= 0 or not reasons:
        return None
    return _Scored(contact, fit, distance, reasons[0])


def rank_contacts(
    question: str,
    cited: Sequence[tuple[Citation, SearchHit]],
    contacts: Sequence[Contact],
    regions: Regions,
    asker: Place | None,
    *,
    english: bool = False,
    limit: int = 3,
    refusal: bool = False,
) -> list[ContactSuggestion]:
    """The best ``limit`` contacts for a question and its cited evidence (see the module
    docstring). ``refusal``: nothing was cited; only contacts whose topics the question
    names, by at least two of their topic words or one specific topic."""
    language = "en" if english else "de"
    question_words = _question_words(question)
    cited_topics = {t for _, hit in cited for t in _listed(hit, "topics")}
    scored: list[_Scored] = []
    for contact in contacts:
        distance = contact_distance(asker, contact, regions)
        result = _score(
            contact, question, question_words, cited, cited_topics, distance, asker, language
        )
        if result is None:
            continue
        if refusal and result.fit < 2 * W_QUESTION_TOPIC:
            continue
        scored.append(result)
    far = 5
    scored.sort(
        key=lambda s: (
            -int(s.fit),
            s.distance if s.distance is not None else far,
            -s.fit,
            s.contact.id,
        )
    )
    out: list[ContactSuggestion] = []
    proximity = _PROXIMITY[language]
    for s in scored[:limit]:
        where = f" ({proximity[s.distance]})" if s.distance is not None else ""
        out.append(suggestion(s.contact, f"{s.reason}{where}.", s.distance))
    return out
