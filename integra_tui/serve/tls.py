"""The station server's TLS certificate (``--tls``): made once, kept private in the data folder, known by fingerprint.

No authority vouches for a laptop in a meeting room, so the certificate is self-signed and each
browser warns the first time. What makes it trustworthy is its SHA-256 fingerprint: the serving
terminal shows it beside the QR code, and a helper compares it with the one the browser's warning
page shows before going on. The key and the certificate are made with the ``cryptography`` package
once and kept next to the store (mode 0600); a certificate is made anew only when it is missing,
damaged or near the end of its validity.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

__all__ = [
    "CERT_FILE",
    "KEY_FILE",
    "RENEW_DAYS",
    "VALIDITY_DAYS",
    "Certificate",
    "ensure_certificate",
    "fingerprint_lines",
    "fingerprint_of",
    "server_context",
]

CERT_FILE = "serve-cert.pem"
"""The certificate's file name in the data folder."""

KEY_FILE = "serve-key.pem"
"""The private key's file name in the data folder."""

VALIDITY_DAYS = 825
"""How long a certificate is valid: the longest Apple's devices accept for a server certificate."""

RENEW_DAYS = 14
"""A certificate with less than this left is made anew at the next start."""


@dataclass(frozen=True)
class Certificate:
    """The server's certificate on disk."""

    cert_path: Path
    """The certificate (PEM)."""
    key_path: Path
    """Its private key (PEM, unencrypted, mode 0600)."""
    fingerprint: str
    """SHA-256 of the certificate, as browsers show it: 32 hex pairs separated by colons."""
    not_after: datetime
    """The end of its validity (UTC)."""
    created: bool
    """True if it was made just now (the browsers warn again), False if an earlier one was reused."""


def fingerprint_of(der: bytes) -> str:
    """The SHA-256 fingerprint of a DER certificate: ``AB:CD:…`` (upper case, 95 characters)."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def fingerprint_lines(fingerprint: str, pairs_per_line: int = 8) -> list[str]:
    """The fingerprint in lines of ``pairs_per_line`` hex pairs, for comparing by eye."""
    pairs = fingerprint.split(":")
    return [":".join(pairs[i : i + pairs_per_line]) for i in range(0, len(pairs), pairs_per_line)]


def server_context(certificate: Certificate) -> ssl.SSLContext:
    """A TLS server context with this certificate (TLS 1.2 or newer)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certificate.cert_path, certificate.key_path)
    return context


def ensure_certificate(folder: Path, names: Iterable[str], now: datetime | None = None) -> Certificate:
    """The certificate kept in ``folder``, made now if there is none fit for use.

    ``names`` (host names and addresses the server is reached by) go into a new certificate; a
    kept one is not made anew for a new address, so its fingerprint stays what helpers know.
    """
    from cryptography import x509

    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    with _locked(folder / "serve-cert.lock"):
        try:
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            key_path.stat()
        except (OSError, ValueError):
            cert = None
        if cert is not None and cert.not_valid_after_utc - timedelta(days=RENEW_DAYS) > moment:
            for path in (cert_path, key_path):
                if path.stat().st_mode & 0o077:
                    os.chmod(path, 0o600)
            created = False
        else:
            cert = _make(cert_path, key_path, list(names), moment)
            created = True
    from cryptography.hazmat.primitives.serialization import Encoding

    return Certificate(
        cert_path, key_path, fingerprint_of(cert.public_bytes(Encoding.DER)), cert.not_valid_after_utc, created
    )


def _make(cert_path: Path, key_path: Path, names: list[str], moment: datetime):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    alternative: list[x509.GeneralName] = []
    for name in dict.fromkeys(n.strip().strip("[]") for n in names if n and n.strip()):
        try:
            alternative.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            try:
                alternative.append(x509.DNSName(name.encode("idna").decode("ascii")))
            except UnicodeError:
                continue
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "INTEGRA station server")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - timedelta(days=1))
        .not_valid_after(moment + timedelta(days=VALIDITY_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a new file only the user can read, in one step (temp file, fsync, rename)."""
    temporary = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (two servers started at once make one certificate, not two)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: no second server to race with, in practice
            pass
        yield
    finally:
        os.close(fd)
