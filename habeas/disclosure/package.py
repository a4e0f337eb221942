"""The production package: a zip written file by file (constant memory) holding the produced
PDFs, the index (CSV), the Concordance DAT and Opticon OPT load files, the cover letter, the
privilege log and a SHA-256 manifest of every file. Plain Python, no Django."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

DAT_QUOTE, DAT_SEP = "\u00fe", "\u0014"
DAT_FIELDS = ("BEGBATES", "ENDBATES", "DOCNAME", "DOCDATE", "DOCTYPE", "PAGES", "NATIVEPATH")


@dataclass(frozen=True)
class IndexRow:
    first: str
    last: str
    name: str
    date: str
    doc_type: str
    pages: int
    path: str  # inside the zip; "" for a withheld document
    withheld: str = ""  # the privilege ground, in words


@dataclass
class PackageWriter:
    path: Path
    volume: str
    rows: list[IndexRow] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    _opt: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED)

    def add_file(self, name: str, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self._zip.writestr(name, data)
        self.hashes[name] = sha
        return sha

    def add_document(self, row: IndexRow, pdf: bytes | None, labels: list[str]) -> str:
        sha = ""
        if pdf is not None:
            sha = self.add_file(row.path, pdf)
            for i, label in enumerate(labels):
                self._opt.append(
                    f"{label},{self.volume},{row.path},{'Y' if i == 0 else ''},,,"
                    f"{len(labels) if i == 0 else ''}"
                )
        self.rows.append(row)
        return sha

    def _index_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["Bates first", "Bates last", "Document", "Date", "Type", "Pages", "File", "Withheld"]
        )
        for r in self.rows:
            writer.writerow(
                [r.first, r.last, r.name, r.date, r.doc_type, r.pages, r.path, r.withheld]
            )
        return out.getvalue().encode("utf-8")

    def _dat(self) -> bytes:
        def line(values: tuple[str, ...]) -> str:
            return DAT_SEP.join(f"{DAT_QUOTE}{v}{DAT_QUOTE}" for v in values)

        lines = [line(DAT_FIELDS)]
        lines.extend(
            line((r.first, r.last, r.name, r.date, r.doc_type, str(r.pages), r.path))
            for r in self.rows
            if r.path
        )
        return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")

    def close(self) -> str:
        """Write the index, the load files and the manifest; the manifest's SHA-256."""
        self.add_file("index.csv", self._index_csv())
        self.add_file("loadfiles/production.dat", self._dat())
        self.add_file("loadfiles/production.opt", ("\r\n".join(self._opt) + "\r\n").encode())
        manifest = "".join(f"{sha}  {name}\n" for name, sha in sorted(self.hashes.items()))
        data = manifest.encode()
        self._zip.writestr("manifest.sha256", data)
        self._zip.close()
        return hashlib.sha256(data).hexdigest()

    def abort(self) -> None:
        self._zip.close()
        self.path.unlink(missing_ok=True)
