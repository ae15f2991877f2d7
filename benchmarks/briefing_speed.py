"""Consultation briefing generation time (no LLM): build, then each export.

Ingests the sample corpus into a temporary data dir (or uses ``--data-dir``, e.g. one the
CLI already filled), warms up once (the first query embedding compiles the model), then
times ``BriefingBuilder.build`` and the Markdown, DOCX and PDF exports for a few
municipality/topic pairs, ``--repeat`` times each. Prints median and max seconds per step
and for build + each export. Target: build + export <= 3 s per format.

On a machine with more busy processes than cores, the OpenMP threads of the embedding engine
spin while waiting and one query embedding can take seconds; ``OMP_WAIT_POLICY=PASSIVE``
avoids that. The header line prints the load and the policy in effect.

    python -m benchmarks.briefing_speed [--data-dir DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from api.services import Services
from assistant.briefing.build import BriefingBuilder
from assistant.briefing.export_docx import to_docx
from assistant.briefing.export_markdown import to_markdown
from assistant.briefing.export_pdf import to_pdf
from assistant.briefing.model import Briefing
from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 3.0
CASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Delbrück", ("LoRaWAN Gebäudemonitoring",)),
    ("Borchen", ("Open Data", "papierlose Ratsarbeit")),
    ("Gütersloh", ("Breitband",)),
    ("Höxter", ("On-Demand-Verkehr",)),
    ("Bielefeld", ("Smart Parking",)),
)
EXPORTS: dict[str, Callable[[Briefing], object]] = {
    "md": to_markdown,
    "docx": to_docx,
    "pdf": to_pdf,
}


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def run(services: Services, repeat: int) -> None:
    """Time the cases on ``services`` and print the figures."""
    builder = BriefingBuilder(
        services.searcher,
        services.answers.contacts,
        services.answers.regions,
        services.settings.regions_path,
    )
    load = os.getloadavg()[0]
    policy = os.environ.get("OMP_WAIT_POLICY", "(default)")
    print(f"cpus {os.cpu_count()}, load average {load:.1f}, OMP_WAIT_POLICY {policy}")
    warm = builder.build("Delbrück", ["Aufwärmen"])
    for export in EXPORTS.values():
        export(warm)
    times: dict[str, list[float]] = {"build": [], **{k: [] for k in EXPORTS}}
    totals: dict[str, list[float]] = {k: [] for k in EXPORTS}
    for municipality, topics in CASES:
        for _ in range(repeat):
            build_s, result = _timed(lambda m=municipality, t=topics: builder.build(m, list(t)))
            assert isinstance(result, Briefing)
            times["build"].append(build_s)
            for name, export in EXPORTS.items():
                export_s, _ = _timed(lambda e=export, b=result: e(b))
                times[name].append(export_s)
                totals[name].append(build_s + export_s)
        print(
            f"{municipality:<10} {', '.join(topics):<40} "
            f"{len(result.references):3d} references, "
            f"{sum(len(s.statements()) for s in result.sections):3d} statements"
        )
    print(f"\n{'step':<14} {'median s':>9} {'max s':>7}   (n={len(times['build'])})")
    for name, values in times.items():
        print(f"{name:<14} {statistics.median(values):9.3f} {max(values):7.3f}")
    for name, values in totals.items():
        worst = max(values)
        verdict = "ok" if worst <= TARGET_S else f"over {TARGET_S:.0f} s"
        label = f"build+{name}"
        print(f"{label:<14} {statistics.median(values):9.3f} {worst:7.3f}   {verdict}")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="Use this (already filled) data dir.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per case.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        services = Services.build(
            Settings(
                data_dir=data_dir,
                contacts_path=REPO / "corpus" / "contacts.yaml",
                regions_path=REPO / "corpus" / "regions.yaml",
            )
        )
        try:
            if args.data_dir is None:
                t0 = time.perf_counter()
                report = services.pipeline.run([REPO / "corpus"])
                counts = report.counts()
                print(
                    f"ingested the sample corpus: {counts['indexed']} files "
                    f"({counts['failed']} failed) in {time.perf_counter() - t0:.0f} s\n"
                )
            run(services, args.repeat)
        finally:
            services.close()


if __name__ == "__main__":
    main()
