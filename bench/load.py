"""Load benchmark of `habeas serve` on loopback: 20 concurrent clients over a realistic mix (case list,
case page, tabs as htmx asks for them, API case list) while a scanned PDF is being OCR'd by serve's
own worker, next to the same requests in-process (Django test Client, one at a time, idle) in the
same run.

    .venv/bin/python -m bench.load [--clients 20] [--requests 30] [--seconds 90] [--scan-pages 6]

Each client first walks the mix once (not measured), then sends --requests requests (bounded also
by --seconds). Target: p95 <= 300 ms, 0 errors.
"ratio" = HTTP p50 / in-process p50.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.embedded import embedded_setup, serve_running
from bench.timing import percentile

TARGET_P95_MS = 300.0


# A tab is opened in the browser by htmx, which asks for the tab's panel only; the same URL without
# these headers is the whole page (for bookmarks and browsers without JavaScript).
TAB_HEADERS = {"HX-Request": "true", "HX-Target": "tab-body"}


def _headers(url: str, api: dict[str, str], session: dict[str, str]) -> dict[str, str]:
    if "/api/" in url:
        return api
    return {**session, **TAB_HEADERS} if "/tab/" in url else session


def _mix(ref: str) -> list[str]:
    from habeas.documents.models import Page

    urls = ["/cases/", f"/cases/{ref}/", "/api/v1/cases"]
    urls += [f"/cases/{ref}/tab/{tab}/" for tab in ("documents", "flags", "timeline", "people")]
    page = Page.objects.filter(document__case__ref=ref).order_by("pk").first()
    if page is not None:
        urls.append(f"/cases/{ref}/documents/{page.document_id}/pages/{page.number}/image.png")
    return urls


def _scan(folder: Path, pages: int) -> Path:
    from habeas.domain.extract.samples import scan_pages

    images = scan_pages(pages)
    pdf = folder / "scanned.pdf"
    images[0].save(pdf, save_all=True, append_images=images[1:], resolution=300)
    return pdf


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--scan-pages", type=int, default=6)
    parser.add_argument("--serve-args", default="", help="extra `habeas serve` options")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="habeas-bench-load-") as tmp:
        embedded_setup(tmp)
        from django.conf import settings
        from django.test import Client

        from habeas.accounts.models import User
        from habeas.accounts.services import token_create
        from habeas.demo.data import demo_load
        from habeas.demo.featured import featured_case_ref
        from habeas.documents.models import Document
        from habeas.documents.services.ingest import documents_ingest

        demo_load()
        ref = featured_case_ref()
        assert ref is not None
        user = User.objects.get(username="ciu_attorney")
        client = Client()
        client.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        _, token = token_create(user=user)
        headers = {"Cookie": cookie}
        api = {"Authorization": f"Bearer {token}"}
        mix = [
            u for u in _mix(ref) if client.get(u, headers=_headers(u, api, {})).status_code == 200
        ]
        # In-process baseline: the same requests, one at a time, nothing else running.
        local: list[float] = []
        for i in range(args.requests * 4):
            url = mix[i % len(mix)]
            t0 = time.perf_counter()
            assert client.get(url, headers=_headers(url, api, {})).status_code == 200, url
            local.append((time.perf_counter() - t0) * 1000)
        with serve_running(*args.serve_args.split()) as port:
            deadline = time.monotonic() + 120
            pdf = _scan(Path(tmp), args.scan_pages)
            with pdf.open("rb") as stream:
                [result] = documents_ingest(actor=user, case_ref=ref, files=[(pdf.name, stream)])
            assert result.document is not None
            doc_id = result.document.pk
            while (
                Document.objects.get(pk=doc_id).status in {"queued", "extracting"}
                and time.monotonic() < deadline
            ):
                time.sleep(0.2)
            samples: list[float] = []
            by_url: dict[str, list[float]] = {u: [] for u in mix}
            errors: list[str] = []
            lock = threading.Lock()
            stop_at = time.monotonic() + args.seconds

            def client_thread(n: int, warm_up: bool = False) -> None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                for i in range(len(mix) if warm_up else args.requests):
                    if time.monotonic() > stop_at:
                        break
                    url = mix[(n + i) % len(mix)]
                    t0 = time.perf_counter()
                    try:
                        conn.request("GET", url, headers=_headers(url, api, headers))
                        response = conn.getresponse()
                        response.read()
                        ok = response.status == 200
                    except OSError as exc:
                        ok, conn = False, http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                        response = None
                        with lock:
                            errors.append(f"{url}: {exc}")
                    ms = (time.perf_counter() - t0) * 1000
                    if warm_up:
                        continue
                    with lock:
                        samples.append(ms)
                        by_url[url].append(ms)
                        if not ok and response is not None:
                            errors.append(f"{url}: {response.status}")

            # Each client first walks the mix once, not measured: every web process has then
            # opened its database connection and served each page once (a running server's state).
            warm = [
                threading.Thread(target=client_thread, args=(n, True)) for n in range(args.clients)
            ]
            for t in warm:
                t.start()
            for t in warm:
                t.join()
            stop_at = time.monotonic() + args.seconds
            status_before = Document.objects.get(pk=doc_id).status
            start = time.perf_counter()
            threads = [
                threading.Thread(target=client_thread, args=(n,)) for n in range(args.clients)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - start
            status_after = Document.objects.get(pk=doc_id).status
    p95 = percentile(samples, 95)
    ok = p95 <= TARGET_P95_MS and not errors
    print(f"mix: {', '.join(mix)}")
    print(f"OCR document status at start/end of the load: {status_before} / {status_after}")
    print(f"{'':12} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    print(
        f"{'in-process':12} {len(local):8} {len(local) / (sum(local) / 1000):7.1f} {statistics.median(local):7.1f} {percentile(local, 95):7.1f} {0:6}"
    )
    print(
        f"{'http x' + str(args.clients):12} {len(samples):8} {len(samples) / elapsed:7.1f} {statistics.median(samples):7.1f} {p95:7.1f} {len(errors):6}"
    )
    for url, times in by_url.items():
        if times:
            print(
                f"  {url:60} p50 {statistics.median(times):6.1f}  p95 {percentile(times, 95):6.1f}"
            )
    print(
        f"ratio p50 http/in-process {statistics.median(samples) / statistics.median(local):.1f}; target p95 <= {TARGET_P95_MS:.0f} ms, 0 errors: {'PASS' if ok else 'FAIL'}"
    )
    for line in errors[:5]:
        print("  error:", line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
