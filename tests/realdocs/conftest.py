"""The eight real documents of ``shared/realdocs``, and one index of them built for real
(loaders, metadata, chunking, the bundled embedding model, the embedded Chroma store).

Tests skip with the reason when the folder is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.services import Services
from assistant.settings import Settings
from tests.conftest import REPO, shared_dir

#: the eight documents (SOURCES.md beside them describes them and is not one)
REALDOCS = (
    "OZG-BJNR313800017.md",
    "Ueberblick_Ulm4CleverCity.pdf",
    "Ulm_SmartCityStrategie_01_Intro.md",
    "Ulm_SmartCityStrategie_07_Technisches-Grundlagenkapitel.md",
    "digitale_offensive_sachsen_2023_frl.md",
    "foerderdatenbank_DAS_Anpassung-an-die-Folgen-des-Klimawandels.md",
    "foerderdatenbank_Kommunalrichtlinie.md",
    "leitfaden-opendata.md",
)


def realdocs_dir() -> Path:
    """``shared/realdocs``; skips the test when it is not there."""
    folder = shared_dir() / "realdocs"
    missing = [n for n in REALDOCS if not (folder / n).is_file()]
    if missing:
        pytest.skip(f"real documents not available in {folder}: {', '.join(missing)}")
    return folder


@pytest.fixture(scope="session")
def realdocs_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """All eight real documents ingested once through the real pipeline (slow)."""
    folder = realdocs_dir()
    root = tmp_path_factory.mktemp("realdocs-index")
    settings = Settings(
        data_dir=root / "data",
        contacts_path=REPO / "corpus" / "contacts.yaml",
        regions_path=REPO / "corpus" / "regions.yaml",
    )
    services = Services.build(settings)
    report = services.pipeline.run([folder / name for name in REALDOCS])
    assert not report.failed, [f.to_dict() for f in report.failed]
    services.realdocs_report = report  # type: ignore[attr-defined]
    yield services
    services.close()
