"""Shared fixtures of the answer tests: a small real index (three documents, real model)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.services import Services
from assistant.answer.service import AnswerService
from assistant.settings import Settings

LORA = """---
title: LoRaWAN-Gebäudemonitoring in Delbrück
doc_type: project_report
region: OWL
municipality: Delbrück
topics: [lorawan, gebaeudemanagement]
contacts: [delbrueck-digital, digitalbuero-owl]
---
## Umsetzung

Die Stadt Delbrück hat in drei Schulen LoRaWAN-Funkzähler für den Wasserverbrauch eingebaut.
Fensterkontakte melden, wenn Fenster nach Schulschluss offen bleiben.
Die Daten laufen über das Gateway auf dem Rathausdach in eine kommunale Datenplattform.

## Ergebnisse

Leckagen wurden innerhalb eines Tages statt nach Wochen entdeckt.
"""

FUND = """---
title: Förderaufruf IoT- und LoRaWAN-Infrastruktur NRW
doc_type: programme_guideline
region: NRW
programme: Förderaufruf Kommunale IoT- und LoRaWAN-Infrastruktur NRW
topics: [lorawan, iot, foerderung]
contacts: [mhkbd-nrw]
---
## Was wird gefördert

Gefördert werden Gateways, Sensoren und der Aufbau kommunaler LoRaWAN-Netze.

## Wer ist antragsberechtigt

Antragsberechtigt sind Gemeinden, Städte und Kreise in Nordrhein-Westfalen.
Das Land NRW fördert den Aufbau von LoRaWAN-Netzen mit einem Zuschuss.
"""

PARK = """---
title: Smart Parking in Paderborn
doc_type: project_report
region: OWL
municipality: Paderborn
topics: [mobilitaet, parken]
contacts: [cdo-paderborn]
---
## Umsetzung

Paderborn zeigt freie Parkplätze in der Innenstadt über Bodensensoren in einer App an.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerService]:
    root = tmp_path_factory.mktemp("answers")
    docs = root / "docs"
    docs.mkdir()
    for name, text in (("lora.md", LORA), ("fund.md", FUND), ("park.md", PARK)):
        (docs / name).write_text(text, encoding="utf-8")
    services = Services.build(Settings(data_dir=root / "data"))
    assert not services.pipeline.run([docs]).failed
    yield services.answers
    services.close()
