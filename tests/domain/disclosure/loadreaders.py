"""Small readers of the load files, written from the formats (not from the writer's code)."""

from __future__ import annotations


def dat_read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "DAT must start with the UTF-8 byte-order mark"
    text = data[3:].decode("utf-8")
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    rows = []
    for line in lines:
        cells = line.split("\x14")
        assert all(
            c.startswith("\u00fe") and c.endswith("\u00fe") and len(c) >= 2 for c in cells
        ), line
        rows.append([c[1:-1].replace("\u00ae", "\n") for c in cells])
    header, *body = rows
    assert all(len(r) == len(header) for r in body)
    return [dict(zip(header, r, strict=True)) for r in body]


def opt_read(data: bytes) -> list[list[str]]:
    text = data.decode("ascii")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = [line.split(",") for line in text[:-2].split("\r\n")]
    assert all(len(r) == 7 for r in rows)
    return rows
