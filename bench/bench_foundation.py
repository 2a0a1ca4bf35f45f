"""Benchmarks for the foundation: audit appends, chain verification and a signed-in page.

Run with `make bench` (SQLite in a temporary directory) or with DATABASE_URL set for PostgreSQL. Writes a
section of docs/performance.md. Targets are stated here and reported, never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    "audit_append_per_second": 200.0,  # at least: far above the expected peak of a few writes a second
    "verify_seconds_per_10k_rows": 2.0,  # at most: the daily check stays quick for years of events
    "dashboard_p95_ms": 100.0,  # at most: a signed-in page including every middleware
}


def setup(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevent_casework.settings.dev")
    os.environ["PREVENT_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def bench_audit_append(n: int) -> float:
    from audit.services import audit_append

    start = time.perf_counter()
    for i in range(n):
        audit_append(action="bench.append", details={"i": i})
    return n / (time.perf_counter() - start)


def bench_verify() -> tuple[int, float]:
    from audit.services import audit_verify_chain

    start = time.perf_counter()
    checked, broken = audit_verify_chain()
    elapsed = time.perf_counter() - start
    assert broken is None, broken
    return checked, elapsed


def bench_dashboard(requests: int) -> tuple[float, float]:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    from accounts.models import User
    from organisations.models import Area, Membership, Organisation

    area, _ = Area.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    organisation, _ = Organisation.objects.get_or_create(name="Bench School", defaults={"kind": "school", "area": area})
    user = User.objects.filter(email="bench@example.org").first() or User.objects.create_user(
        "bench@example.org", "Bench-Password-2026", full_name="Bench Person"
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, role="dsl")
    if not user.authenticator_set.exists():  # type: ignore[attr-defined]
        TOTP.activate(user, "KBZGK5TFNZ2EGYLTMV3W64TLIRSW23ZB")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get("/")  # warm up
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--write", action="store_true", help="write the results into docs/performance.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from django.db import connection

        rate = bench_audit_append(args.appends)
        checked, verify_seconds = bench_verify()
        median_ms, p95_ms = bench_dashboard(args.requests)
        vendor = connection.vendor
    per_10k = verify_seconds * 10_000 / checked
    append_target = TARGETS["audit_append_per_second"]
    rows = [
        (
            "audit appends per second (each its own transaction)",
            f"{rate:,.0f}",
            f"≥ {append_target:.0f}",
            rate >= append_target,
        ),
        (
            "audit_verify, seconds per 10,000 rows",
            f"{per_10k:.2f}",
            f"≤ {TARGETS['verify_seconds_per_10k_rows']}",
            per_10k <= TARGETS["verify_seconds_per_10k_rows"],
        ),
        ("signed-in home page, median ms", f"{median_ms:.1f}", "", True),
        (
            "signed-in home page, 95th percentile ms",
            f"{p95_ms:.1f}",
            f"≤ {TARGETS['dashboard_p95_ms']:.0f}",
            p95_ms <= TARGETS["dashboard_p95_ms"],
        ),
    ]
    table = "\n".join(
        ["| measure | result | target | met |", "|---|---|---|---|"]
        + [f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |" for name, value, target, ok in rows]
    )
    section = (
        f"## Foundation on {vendor}\n\n"
        f"`bench/bench_foundation.py` — {args.appends} appends, {args.requests} requests, "
        f"{time.strftime('%Y-%m-%d')}, 2 cores.\n\n{table}\n"
    )
    print(section)
    if args.write:
        write_section(vendor, section)


def write_section(vendor: str, section: str) -> None:
    path = ROOT / "docs" / "performance.md"
    header = "# Performance\n\nResults of the benchmarks in `bench/`. Targets are stated in each benchmark.\n\n"
    text = path.read_text() if path.exists() else header
    marker = f"## Foundation on {vendor}\n"
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


if __name__ == "__main__":
    main()
