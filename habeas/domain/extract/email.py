"""RFC 822 / MIME messages (.eml): headers + body as one page; attachments as members."""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

from habeas.domain.extract.errors import ExtractionError
from habeas.domain.extract.extracted import ExtractedPage
from habeas.domain.extract.textutil import normalize

MAX_EMAIL_BYTES = 150 * 1024 * 1024  # the stdlib parser holds the whole message (~2-3x) in memory
HEADERS = ("From", "To", "Cc", "Date", "Subject")


def parse_email(path: Path, *, max_bytes: int = MAX_EMAIL_BYTES) -> EmailMessage:
    try:
        if path.stat().st_size > max_bytes:
            raise ExtractionError(f"email is larger than the {max_bytes // 2**20} MB limit")
        with path.open("rb") as fh:
            msg = BytesParser(policy=policy.default).parse(fh)
    except OSError as err:
        raise ExtractionError(f"cannot read email: {err.strerror or err}") from err
    if not isinstance(msg, EmailMessage) or not any(msg.get(h) for h in HEADERS):
        raise ExtractionError("not a valid email message (no From/To/Date/Subject header)")
    return msg


class _HtmlText(HTMLParser):
    """Visible text of an HTML body, with line breaks where blocks end."""

    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "tr",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "blockquote",
            "pre",
            "hr",
            "section",
            "article",
        }
    )
    _HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header the default policy cannot fold; fall back to raw
        value = msg.get_all(name, failobj=[""])[0]
    return " ".join(str(value or "").split())


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):  # unknown or lying charset
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def email_body_text(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("plain", "html"))
    if not isinstance(body, EmailMessage):
        return ""
    text = _content(body)
    return html_to_text(text) if body.get_content_type() == "text/html" else text


def pages_extract_email(path: Path) -> list[ExtractedPage]:
    msg = parse_email(path)
    head = [f"{h}: {v}" for h in HEADERS if (v := _header(msg, h))]
    text = "\n".join(head) + "\n\n" + email_body_text(msg)
    return [ExtractedPage(1, normalize(text), False, None)]


def _safe_filename(raw: str | None, part: Message, n: int) -> str:
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    if not name:
        ext = mimetypes.guess_extension(part.get_content_type()) or ".bin"
        name = f"attachment-{n}{ext}"
    return name[:200]


def email_attachments(msg: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """(safe file name, content) for each attachment; attached emails come back as .eml files."""
    body = msg.get_body(preferencelist=("plain", "html"))
    n = 0
    stack: list[Message] = list(reversed(list(msg.iter_parts()))) if msg.is_multipart() else []
    while stack:
        part = stack.pop()
        if part is body:
            continue
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            n += 1
            inner = part.get_payload()
            inner_msg = inner[0] if isinstance(inner, list) and inner else None
            if isinstance(inner_msg, Message):
                subject = str(inner_msg.get("Subject") or "").strip()
                stem = re.sub(r"[^\w .,()-]+", "_", subject)[:80].strip() or f"message-{n}"
                raw_name = part.get_filename() or f"{stem}.eml"
                yield _safe_filename(raw_name, part, n), inner_msg.as_bytes(policy=policy.default)
            continue
        if part.is_multipart():
            stack.extend(
                reversed(list(part.iter_parts()) if isinstance(part, EmailMessage) else [])
            )
            continue
        filename = part.get_filename()
        if filename is None and part.get_content_disposition() != "attachment":
            continue  # unnamed inline parts are alternative bodies, not documents
        n += 1
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            yield _safe_filename(filename, part, n), payload
