"""Page-load benchmark of the demo in a real browser: Chromium (Debian's, through Playwright) signed
in as the demo attorney walks the pages a user reaches by following links from the dashboard and
the featured case (every tab of it included), each page loaded once to warm up, then timed
--repeat times; next to the same URLs through Django's test Client in-process (the server's share)
in the same run.

    .venv/bin/python -m bench.pages [--pages 60] [--repeat 3] [--user ciu_attorney]

"load" is the browser's navigation timing from the start of the request to the end of the load
event (HTML, styles, scripts and images of the page); "server" is the in-process request alone.
Target (the screens issue): median page load < 100 ms on the demo.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import deque
from urllib.parse import urljoin, urlsplit

from bench.embedded import embedded_setup, serve_running
from bench.timing import percentile

TARGET_MEDIAN_MS = 100.0
CHROMIUM = os.environ.get("HABEAS_CHROMIUM", "/usr/bin/chromium")
# Links that change something, download a file or end the session: not pages to time.
SKIP = ("/logout", "/accounts/", "/static/", "/api/", "/admin/")
SKIP_ENDINGS = (".pdf", ".csv", ".xlsx", ".zip", ".png", ".json", ".html", ".txt", ".dat", ".opt")


def _wanted(path: str) -> bool:
    return path.startswith("/") and not path.startswith(SKIP) and not path.endswith(SKIP_ENDINGS)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--user", default="ciu_attorney")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="habeas-bench-pages-") as tmp:
        embedded_setup(tmp)
        from django.test import Client

        from habeas.accounts.models import User
        from habeas.cases.panels import CASE_TABS
        from habeas.demo.data import demo_load
        from habeas.demo.featured import featured_case_ref

        logins = {login.username: login for login in demo_load()}
        if args.user not in logins or logins[args.user].totp_secret:
            parser.error("--user must be a demo login without two-factor sign-in")
        ref = featured_case_ref()
        loads: dict[str, list[float]] = {}
        with serve_running() as port:
            base = f"http://127.0.0.1:{port}"
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(base + "/accounts/login/")
                page.fill("input[name=username]", args.user)
                page.fill("input[name=password]", logins[args.user].password)
                page.click("button[type=submit]")
                page.wait_for_load_state("load")
                seeds = ["/", "/cases/"]
                if ref:
                    seeds += [f"/cases/{ref}/"] + [f"/cases/{ref}/?tab={t.key}" for t in CASE_TABS]
                queue, seen = deque(seeds), set(seeds)
                while queue and len(loads) < args.pages:
                    path = queue.popleft()
                    response = page.goto(base + path)
                    if response is None or response.status != 200:
                        continue
                    page.wait_for_load_state("load")
                    for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
                        parts = urlsplit(urljoin(base + path, href))
                        if parts.netloc != f"127.0.0.1:{port}":
                            continue
                        link = parts.path + (f"?{parts.query}" if parts.query else "")
                        if _wanted(parts.path) and link not in seen:
                            seen.add(link)
                            queue.append(link)
                    times = []
                    for _ in range(args.repeat):
                        page.goto(base + path)
                        page.wait_for_load_state("load")
                        times.append(
                            page.evaluate(
                                "() => { const n = performance.getEntriesByType('navigation')[0];"
                                " return n.loadEventEnd - n.startTime; }"
                            )
                        )
                    loads[path] = times
                browser.close()
        client = Client()
        client.force_login(User.objects.get(username=args.user))
        server_ms: dict[str, float] = {}
        for path in loads:
            client.get(path)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
            server_ms[path] = statistics.median(times)
    every = [t for times in loads.values() for t in times]
    per_page = {p: statistics.median(t) for p, t in loads.items()}
    median = statistics.median(every)
    print(f"{len(loads)} pages × {args.repeat} loads in Chromium, signed in as {args.user}")
    print(f"{'':10} {'median ms':>9} {'p95 ms':>7} {'max ms':>7}")
    print(
        f"{'load':10} {median:9.1f} {percentile(every, 95):7.1f} {max(every):7.1f}\n"
        f"{'server':10} {statistics.median(server_ms.values()):9.1f} "
        f"{percentile(list(server_ms.values()), 95):7.1f} {max(server_ms.values()):7.1f}"
    )
    print("slowest pages (load / server ms):")
    for path in sorted(per_page, key=per_page.__getitem__, reverse=True)[:6]:
        print(f"  {per_page[path]:6.1f} / {server_ms[path]:6.1f}  {path}")
    ratio = median / statistics.median(server_ms.values())
    ok = median < TARGET_MEDIAN_MS
    print(
        f"ratio load / server (medians) {ratio:.1f}; target median < {TARGET_MEDIAN_MS:.0f} ms: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
