from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.result import ContactSuggestion
from assistant.contact_listing import list_contacts
from assistant.contact_ranking import suggestion
from assistant.contacts import load_contacts
from assistant.errors import ConfigurationError
from assistant.regions import Regions

GOOD = """
- id: kdn
  name: KDN – Dachverband
  organisation: KDN
  role: Beratung
  region: NRW
  topics: [e-government, ozg]
  channel: https://www.kdn.de/
"""


def test_loads_entries(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD, encoding="utf-8")
    (contact,) = load_contacts(path)
    assert contact.id == "kdn" and contact.topics == ("e-government", "ozg")
    assert contact.last_verified is None


def test_suggestion_is_the_public_view_of_a_contact(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD, encoding="utf-8")
    (contact,) = load_contacts(path)
    expected = ContactSuggestion(
        id="kdn",
        name="KDN – Dachverband",
        organisation="KDN",
        role="Beratung",
        region="NRW",
        topics=["e-government", "ozg"],
        channel="https://www.kdn.de/",
        reason="berät.",
        distance=3,
    )
    assert suggestion(contact, "berät.", 3) == expected
    # the listing builds its entries the same way (no asker: no distance, general reason)
    (listed,) = list_contacts([contact], Regions([]))
    assert listed.id == "kdn" and listed.channel == expected.channel and listed.distance is None
    assert listed.reason == (
        "Ansprechstelle für Kommunen; Themen: E-Government und Onlinezugangsgesetz (OZG)."
    )


@pytest.mark.parametrize(
    "extra",
    ["  channel: poststelle@kdn.de\n", "  role: Tel. 05251 123456\n", "  role: +49 5251 88 1234\n"],
)
def test_rejects_personal_channels(tmp_path: Path, extra: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD.replace("  channel: https://www.kdn.de/\n", extra), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="E-Mail-Adresse oder Telefonnummer"):
        load_contacts(path)


def test_rejects_duplicates_and_garbage(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="doppelt"):
        load_contacts(path)
    path.write_text("{a: [", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        load_contacts(path)
