"""A minimal text-PDF writer for benchmarks (Helvetica, one content stream per page). Fictional text."""

from __future__ import annotations

import random
from pathlib import Path

SENTENCES = [
    "Deputies responded to a call of shots fired near the parking lot at approximately 2310 hours.",
    "Detective Ramon Quill #5521 interviewed the witness at the station and recorded the statement.",
    "The witness stated she saw the suspect for a few seconds under the street light.",
    "A six-pack photographic lineup was shown to the witness, who selected photograph number three.",
    "The vehicle was processed for latent prints; no prints of value were recovered.",
    "Criminalist Dana Ko examined the shell casings and compared them with the test fires.",
    "The informant, housed with the defendant in the county jail, told detectives the defendant confessed.",
    "The knit cap recovered at the scene was booked into evidence and was not submitted for DNA analysis.",
    "On March 3, 2002 the defense filed a motion for a new trial, which the court denied.",
    "The neighbor reported hearing an argument before the shots and seeing a dark sedan leave.",
    "Officer Lee Brandt, Serial No. 40113, canvassed the block and located two additional witnesses.",
    "No bite mark evidence was introduced at trial.",
    "The suspect was interviewed for eleven hours without a parent present; he was sixteen years old.",
    "Report No. 02-114411 was supplemented with the autopsy findings of the deputy medical examiner.",
]


# Most of a case file is routine narrative; the sentences above (names, dates, numbers, flag
# triggers) are mixed in at about one in four.
ORDINARY = [
    "The reporting party was contacted by telephone and agreed to meet deputies at the front entrance.",
    "Photographs of the scene were taken from the north and south ends of the parking lot.",
    "The area was checked for surveillance cameras; the market's camera had been out of service for weeks.",
    "Paramedics arrived at the location and transported the victim to the hospital for treatment.",
    "The vehicle was towed to the station yard and held pending a search warrant.",
    "Deputies cleared the residence and found no one else inside the apartment.",
    "The clothing was packaged separately in paper bags, sealed, labeled and booked as evidence.",
    "A follow-up interview was scheduled for the next week at the witness's place of work.",
    "The street was closed to traffic for about three hours while the scene was processed.",
    "Neighbors on both sides of the street were contacted; most said they heard nothing unusual.",
    "The handwritten notes from the canvass were attached to this report as pages four and five.",
    "The family was notified in person and provided with the contact number for the investigators.",
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def page_lines(rng: random.Random, words_per_page: int = 300) -> list[str]:
    lines: list[str] = []
    words = 0
    while words < words_per_page:
        sentence = rng.choice(SENTENCES) if rng.random() < 0.25 else rng.choice(ORDINARY)
        words += len(sentence.split())
        while len(sentence) > 95:
            cut = sentence.rfind(" ", 0, 95)
            lines.append(sentence[:cut])
            sentence = sentence[cut + 1 :]
        lines.append(sentence)
    return lines


def pdf_write(path: Path, pages: list[list[str]], padding_bytes: int = 0) -> None:
    """Write a PDF with one page per list of lines; ``padding_bytes`` adds an unreferenced stream
    (to make big files cheaply for memory tests)."""
    objects: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        body = (
            "BT /F1 10 Tf 12 TL 40 800 Td "
            + " ".join(f"({_escape(line)}) Tj T*" for line in lines)
            + " ET"
        )
        stream = body.encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        offsets = []
        for number, obj in enumerate(objects, 1):
            offsets.append(out.tell())
            out.write(f"{number} 0 obj\n".encode() + obj + b"\nendobj\n")
        if padding_bytes:
            offsets.append(out.tell())
            out.write(f"{len(objects) + 1} 0 obj\n<< /Length {padding_bytes} >>\nstream\n".encode())
            chunk = b"0" * (1024 * 1024)
            left = padding_bytes
            while left > 0:
                out.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
        for offset in offsets:
            out.write(f"{offset:010d} 00000 n \n".encode())
        out.write(
            f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        )
