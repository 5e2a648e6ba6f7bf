"""The server's own certificate: made once, private, known by its fingerprint, made anew only when it must be."""

from __future__ import annotations

import hashlib
import ssl
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509

from integra_tui.serve.tls import (
    CERT_FILE,
    KEY_FILE,
    RENEW_DAYS,
    VALIDITY_DAYS,
    ensure_certificate,
    fingerprint_lines,
    server_context,
)

NOW = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)


def test_the_certificate_is_made_once_and_kept_private(tmp_path: Path) -> None:
    folder = tmp_path / "daten"
    first = ensure_certificate(folder, ["localhost", "127.0.0.1", "192.168.1.20", "laptop.local", "[::1]"], NOW)
    assert first.created
    for name in (CERT_FILE, KEY_FILE):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    der = ssl.PEM_cert_to_DER_cert((folder / CERT_FILE).read_text())
    digest = hashlib.sha256(der).hexdigest().upper()
    assert first.fingerprint.replace(":", "") == digest and len(first.fingerprint) == 95
    cert = x509.load_der_x509_certificate(der)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.DNSName)) == {"localhost", "laptop.local"}
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "192.168.1.20", "::1"}
    assert cert.not_valid_after_utc - NOW == timedelta(days=VALIDITY_DAYS)
    server_context(first)  # key and certificate belong together

    again = ensure_certificate(folder, ["10.0.0.5"], NOW + timedelta(days=30))  # a new address, a month later
    assert not again.created and again.fingerprint == first.fingerprint


def test_loose_file_modes_are_tightened(tmp_path: Path) -> None:
    ensure_certificate(tmp_path, ["localhost"], NOW)
    (tmp_path / KEY_FILE).chmod(0o644)
    ensure_certificate(tmp_path, ["localhost"], NOW)
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600


def test_a_certificate_near_its_end_or_damaged_is_made_anew(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path, ["localhost"], NOW)
    late = NOW + timedelta(days=VALIDITY_DAYS - RENEW_DAYS + 1)
    renewed = ensure_certificate(tmp_path, ["localhost"], late)
    assert renewed.created and renewed.fingerprint != first.fingerprint
    (tmp_path / CERT_FILE).write_text("kaputt")
    repaired = ensure_certificate(tmp_path, ["localhost"], late)
    assert repaired.created and repaired.fingerprint not in (first.fingerprint, renewed.fingerprint)
    (tmp_path / KEY_FILE).unlink()
    assert ensure_certificate(tmp_path, ["localhost"], late).created


def test_the_fingerprint_is_shown_in_four_lines_of_eight_pairs() -> None:
    fingerprint = ":".join(f"{byte:02X}" for byte in range(32))
    lines = fingerprint_lines(fingerprint)
    assert len(lines) == 4 and lines[0] == "00:01:02:03:04:05:06:07" and ":".join(lines) == fingerprint
