#!/usr/bin/env python3
"""Build examples/corpus/crawl.warc.gz from the HTML sources in examples/warc-src/.

The output is deterministic: WARC-Date, WARC-Record-ID and the HTTP Date headers are
fixed, and gzip members are written by zlib with a zero mtime, so re-running the
script produces byte-identical output.

Record order (the '#N' indices used in examples/gold.json count records in file order):
  #0  response  text/html   The Halde Observer   (story "harbor-talks")
  #1  response  text/html   The Lunderra Courier (story "dam-vote")
  #2  response  text/plain  robots.txt of haldeobserver.example (not an article)

Usage:  python scripts/build_example_warc.py [output-path]
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "examples" / "warc-src"
DEFAULT_OUT = ROOT / "examples" / "corpus" / "crawl.warc.gz"

ROBOTS_TXT = (
    "# robots.txt for haldeobserver.example\n"
    "User-agent: *\n"
    "Disallow: /search\n"
    "Disallow: /account/\n"
    "\n"
    "Sitemap: https://haldeobserver.example/sitemap.xml\n"
)

# (uri, source file or None for robots, content type, WARC-Date, record uuid, HTTP date)
RECORDS = [
    (
        "https://haldeobserver.example/world/2025/mar/13/astrava-talks-mediator-friday-deadline",
        "haldeobserver-astrava-deadline.html",
        "text/html; charset=utf-8",
        "2025-03-14T08:02:11Z",
        "3f0c2a6e-5b1d-4c8e-9a71-0d2e6b4f8a01",
        "Fri, 14 Mar 2025 08:02:11 GMT",
    ),
    (
        "https://lunderracourier.example/politics/2025/03/12/assembly-backs-kalve-gorge-dam",
        "lunderracourier-kalve-dam-vote.html",
        "text/html; charset=utf-8",
        "2025-03-14T08:02:40Z",
        "7a9d4e12-8c3b-4f05-b6e2-1c5a9f3d7e02",
        "Fri, 14 Mar 2025 08:02:40 GMT",
    ),
    (
        "https://haldeobserver.example/robots.txt",
        None,
        "text/plain; charset=utf-8",
        "2025-03-14T08:02:05Z",
        "c41b8f73-2e6a-4d9c-8f10-5b7e3a2d9c03",
        "Fri, 14 Mar 2025 08:02:05 GMT",
    ),
]


def build(out_path: Path) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, src, ctype, warc_date, uuid, http_date in RECORDS:
            body = ROBOTS_TXT.encode("utf-8") if src is None else (SRC / src).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", ctype),
                    ("Content-Length", str(len(body))),
                    ("Date", http_date),
                    ("Server", "nginx"),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date,
                    "WARC-Record-ID": f"<urn:uuid:{uuid}>",
                },
            )
            writer.write_record(record)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
