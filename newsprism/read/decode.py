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


class NotText(ValueError):
    """The bytes are binary or in an encoding that cannot be identified."""


def describe_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` when its first bytes give it away."""
    for signature, name in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return name
    return None


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
