#!/usr/bin/env python3
"""Signs N new users in to the app through the test provider (e2e/op) and writes their cookies.

Each user is one `requests.Session` that does what a browser does:
  GET  {app}/sign-in?method=email            -> 303s to the provider's identifier screen
  POST the identifier form (hidden fields + identifier)          -> code screen
  GET  {op}/test/otp?to=<email>              -> the one-time code
  POST the code form (hidden fields + code)  -> 303s through {app}/callback to {app}/, signed in
The final page must contain the sign-out link. Every email is new, so the provider registers a
new user for each one.

Output: one line per user, `<cookie name>=<cookie value>`, in --out (written only when every
user signed in). Exit status 0 only when all N users signed in.
"""

import argparse
import concurrent.futures
import html.parser
import sys
import time
import urllib.parse
import uuid

try:
    import requests
except ImportError:  # soak.sh installs it; a direct caller gets a clear message
    sys.exit("signin.py: the python3 'requests' package is missing (pip install requests)")

SIGNED_IN_MARKER = 'id="sign-out-link"'
TIMEOUT = 30  # seconds, per HTTP request


class Forms(html.parser.HTMLParser):
    """Collects every <form> with its action, method and inputs (name -> value)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "inputs": {},
            }
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attrs.get("name"):
            self._current["inputs"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def form_with(page, field):
    """The form on `page` (a response) that has an input named `field`."""
    parser = Forms()
    parser.feed(page.text)
    for form in parser.forms:
        if field in form["inputs"]:
            return form
    raise RuntimeError(f"no form with '{field}' at {page.url} (status {page.status_code})")


def submit(session, page, form, **values):
    data = dict(form["inputs"])
    data.update(values)
    url = urllib.parse.urljoin(page.url, form["action"])
    if form["method"] == "post":
        return session.post(url, data=data, timeout=TIMEOUT)
    return session.get(url, params=data, timeout=TIMEOUT)


def sign_in(app, op, cookie_name, email):
    with requests.Session() as s:
        page = s.get(f"{app}/sign-in", params={"method": "email"}, timeout=TIMEOUT)
        page.raise_for_status()
        page = submit(s, page, form_with(page, "identifier"), identifier=email)
        page.raise_for_status()
        code_form = form_with(page, "code")
        otp = s.get(f"{op}/test/otp", params={"to": email}, timeout=TIMEOUT)
        otp.raise_for_status()
        page = submit(s, page, code_form, code=otp.text.strip())
        page.raise_for_status()
        if urllib.parse.urlsplit(page.url)[:3] != urllib.parse.urlsplit(app + "/")[:3]:
            raise RuntimeError(f"ended at {page.url}, not the app's home page")
        if SIGNED_IN_MARKER not in page.text:
            raise RuntimeError(f"the home page at {page.url} is not the signed-in page")
        for cookie in s.cookies:
            if cookie.name == cookie_name:
                return f"{cookie.name}={cookie.value}"
        raise RuntimeError(f"signed in, but no '{cookie_name}' cookie was set")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--app", required=True, help="the app's base URL, e.g. http://127.0.0.1:3000")
    ap.add_argument("--op", required=True, help="the provider's base URL (OP_READY line)")
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--parallel", type=int, default=8, help="sign-ins in flight at once")
    ap.add_argument("--cookie-name", default="logto_app_session")
    ap.add_argument("--out", required=True, help="file for the cookies, one name=value a line")
    args = ap.parse_args()

    run = uuid.uuid4().hex[:8]
    emails = [f"soak-{run}-{i:06d}@example.com" for i in range(args.users)]
    started = time.monotonic()
    cookies, failures = [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        jobs = {pool.submit(sign_in, args.app, args.op, args.cookie_name, e): e for e in emails}
        for job in concurrent.futures.as_completed(jobs):
            try:
                cookies.append(job.result())
            except Exception as err:  # noqa: BLE001 - every failure is reported below
                failures.append(f"{jobs[job]}: {err}")
    elapsed = time.monotonic() - started

    for failure in failures[:5]:
        print(f"signin.py: FAILED {failure}", file=sys.stderr)
    if failures:
        print(f"signin.py: {len(failures)} of {args.users} sign-ins failed", file=sys.stderr)
        return 1
    if len(set(cookies)) != len(cookies):
        print("signin.py: two users got the same session cookie", file=sys.stderr)
        return 1
    with open(args.out, "w", encoding="ascii") as f:
        f.write("\n".join(sorted(cookies)) + "\n")
    print(f"signed in {len(cookies)} users in {elapsed:.1f} s "
          f"({len(cookies) / elapsed:.1f} sign-ins/s, {args.parallel} in parallel)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
