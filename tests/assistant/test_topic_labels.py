"""Topic slugs in plain words."""

from __future__ import annotations

from assistant.topic_labels import topic_label, topic_list


def test_labels() -> None:
    assert topic_label("interkommunale-zusammenarbeit") == "interkommunale Zusammenarbeit"
    assert topic_label("gebaeudemanagement", "en") == "building management"
    assert topic_label("abwasser-gebuehren") == "abwasser gebühren"  # unknown: words, umlauts
    assert topic_list(["lorawan", "ozg", "open-data"]) == (
        "LoRaWAN, Onlinezugangsgesetz (OZG) und Open Data"
    )
