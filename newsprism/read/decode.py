"""Turn bytes into text, or say clearly why they are not text."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Magic numbers of binary formats people drop into news folders by mistake.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
# charset-normalizer's "chaos" score above which the guess is noise, not text.
MAX_CHAOS = 0.25
# Share of NULs on one byte parity (and its complement on the other) that marks UTF-16.
UTF16_NUL_SHARE = 0.9


class NotText(ValueError):
    """The bytes are binary or in an encoding that cannot be identified."""


def describe_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` when its first bytes give it away."""
    for signature, name in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark, told by its NUL bytes.

    Text in a Latin script saved as UTF-16 has a NUL in every other byte, on the odd
    positions (little-endian) or the even ones (big-endian); binary data does not.
    """
    sample = data[:8192]
    half = len(sample) // 2
    if half < 8:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd >= UTF16_NUL_SHARE * half and even <= (1 - UTF16_NUL_SHARE) * half:
        encoding = "utf-16-le"
    elif even >= UTF16_NUL_SHARE * half and odd <= (1 - UTF16_NUL_SHARE) * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    head = text[:4096]
    printable = sum(ch.isprintable() or ch in "\t\n\r" for ch in head)
    return text if printable >= UTF16_NUL_SHARE * len(head) else None


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as text: BOM first, then strict UTF-8, then a confident guess.

    Raises ``NotText`` with a message meant for the user when the bytes are binary or
    their encoding cannot be told with confidence.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(f"invalid {encoding} text ({error.reason})") from None
    kind = describe_binary(data)
    if kind:
        raise NotText(f"binary file ({kind}), not an article")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:8192]:
        raise NotText("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise NotText("not UTF-8, and its encoding could not be identified")
    return data.decode(best.encoding, errors="replace")
