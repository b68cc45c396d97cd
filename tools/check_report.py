#!/usr/bin/env python3
"""Check a lode HTML report in headless Chromium (issue #7: CI fails when a map, table or chart
is missing or broken).

Usage: check_report.py REPORT.html [--screenshot OUT.png] [--expect maps=N --expect tables=N ...]

Static pass (Python): every <img> is a base64 PNG data URI whose header decodes and whose size
matches its width/height attributes; no src/href leaves the document; no <script>.
Browser pass (Chromium driven over --remote-debugging-pipe, standard library only): every image
decodes and is displayed and not blank, every figure shows an image or a non-empty inline SVG
with a caption, every table has a header and body rows, nothing overflows the page width, no
resource is fetched; the counts per kind equal the report's manifest
(<meta name="lode-report-manifest">) and at least the --expect minimums.

Exit 0 = pass, 1 = the report is broken (each problem printed), 2 = usage or unreadable file,
3 = Chromium not found.
"""
import argparse
import base64
import binascii
import fcntl
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

KINDS = ("maps", "charts", "gantt", "figures", "tables")


class Static(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.manifest = None
        self.images = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.problems.append("the report contains a <script>")
        if tag == "meta" and a.get("name") == "lode-report-manifest":
            self.manifest = a.get("content", "")
        for key in ("src", "href", "xlink:href"):
            v = a.get(key)
            if v is not None and not (v.startswith("data:") or v.startswith("#")):
                self.problems.append(f"<{tag}> {key} points outside the document: {v[:80]}")
        if tag == "link" and a.get("rel", "") == "stylesheet":
            self.problems.append("external stylesheet")
        if tag == "img":
            self.images += 1
            self.check_img(a)

    def check_img(self, a):
        src = a.get("src", "")
        label = a.get("alt", "")[:60] or f"image {self.images}"
        prefix = "data:image/png;base64,"
        if not src.startswith(prefix):
            self.problems.append(f"{label}: not an embedded PNG")
            return
        try:
            raw = base64.b64decode(src[len(prefix):], validate=True)
        except (binascii.Error, ValueError):
            self.problems.append(f"{label}: base64 does not decode")
            return
        if len(raw) < 33 or raw[:8] != b"\x89PNG\r\n\x1a\n" or raw[12:16] != b"IHDR":
            self.problems.append(f"{label}: not a PNG")
            return
        w, h = struct.unpack(">II", raw[16:24])
        if raw[-12:-8] != b"\x00\x00\x00\x00" or raw[-8:-4] != b"IEND":
            self.problems.append(f"{label}: PNG is truncated (no IEND)")
        if (str(w), str(h)) != (a.get("width"), a.get("height")):
            self.problems.append(f"{label}: PNG is {w}x{h}, attributes say {a.get('width')}x{a.get('height')}")


BROWSER_CHECK = r"""
(async () => {
  const errors = [];
  const counts = {maps: 0, charts: 0, gantt: 0, figures: 0, tables: 0};
  const plural = {map: 'maps', chart: 'charts', gantt: 'gantt', figure: 'figures'};
  const imgs = [...document.images];
  const decoded = await Promise.all(imgs.map(i => i.decode().then(() => true, () => false)));
  imgs.forEach((img, k) => {
    const fig = img.closest('figure');
    const id = fig ? fig.id : 'image ' + (k + 1);
    if (!img.currentSrc.startsWith('data:image/')) errors.push(id + ': image is not embedded');
    if (!decoded[k] || !img.complete || img.naturalWidth === 0) { errors.push(id + ': image does not decode'); return; }
    const r = img.getBoundingClientRect();
    if (r.width < 50 || r.height < 50) errors.push(id + ': image is displayed at ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' px');
    const c = document.createElement('canvas');
    c.width = Math.min(img.naturalWidth, 320);
    c.height = Math.max(1, Math.round(c.width * img.naturalHeight / img.naturalWidth));
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0, c.width, c.height);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length && seen.size < 16; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    if (seen.size < 3) errors.push(id + ': image is blank (' + seen.size + ' colours)');
  });
  document.querySelectorAll('figure').forEach(f => {
    const kind = plural[f.dataset.kind] || 'figures';
    counts[kind]++;
    const img = f.querySelector('img');
    const svg = f.querySelector('svg');
    if (!img && !svg) errors.push(f.id + ': figure has neither image nor SVG');
    if (svg) {
      const r = svg.getBoundingClientRect();
      if (r.width < 50 || r.height < 50) errors.push(f.id + ': SVG is displayed at ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' px');
      const b = svg.getBBox();
      if (b.width < 10 || b.height < 10) errors.push(f.id + ': SVG draws nothing');
      if (svg.querySelectorAll('path, rect, text, image, line').length < 5) errors.push(f.id + ': SVG has almost no content');
    }
    const cap = f.querySelector('figcaption');
    if (!cap || !cap.textContent.trim()) errors.push(f.id + ': figure has no caption');
  });
  document.querySelectorAll('table').forEach(t => {
    counts.tables++;
    const id = t.id || 'table ' + counts.tables;
    if (!t.tHead || t.tHead.rows.length === 0 || t.tHead.rows[0].cells.length === 0) errors.push(id + ': table has no header');
    if (t.tBodies.length === 0 || t.tBodies[0].rows.length === 0) errors.push(id + ': table has no rows');
    const r = t.getBoundingClientRect();
    if (r.width < 20 || r.height < 20) errors.push(id + ': table is not displayed');
  });
  if (document.scripts.length) errors.push('the report contains a script');
  const fetched = performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'));
  fetched.forEach(n => errors.push('the page fetched ' + n));
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 2) errors.push('the page is wider than the window: ' + doc.scrollWidth + ' px > ' + window.innerWidth + ' px');
  const m = document.querySelector('meta[name="lode-report-manifest"]');
  return JSON.stringify({errors, counts, manifest: m ? m.content : null, height: doc.scrollHeight, title: document.title});
})()
"""


class Chromium:
    """Chromium driven through the DevTools protocol on fds 3/4 (--remote-debugging-pipe)."""

    def __init__(self, exe, profile):
        r, self.to_chrome = os.pipe()
        self.from_chrome, w = os.pipe()
        # Move the child's ends above 9 so that the redirections to 3 and 4 cannot clash.
        cmd_r, reply_w = fcntl.fcntl(r, fcntl.F_DUPFD, 10), fcntl.fcntl(w, fcntl.F_DUPFD, 10)
        os.close(r)
        os.close(w)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        # Chromium reads commands on fd 3 and writes replies on fd 4; the shell moves them there.
        wrap = f'exec "$0" "$@" 3<&{cmd_r} 4>&{reply_w} {cmd_r}<&- {reply_w}>&-'
        self.proc = subprocess.Popen(["bash", "-c", wrap, exe] + args, pass_fds=(cmd_r, reply_w),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(reply_w)
        self.buf = b""
        self.next_id = 0

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})
            if time.time() > deadline:
                raise RuntimeError(f"{method}: no reply from Chromium within {timeout} s")
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buf += chunk

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def browser_check(exe, path, screenshot):
    with tempfile.TemporaryDirectory(prefix="lode-chromium-") as profile:
        c = Chromium(exe, profile)
        try:
            target = c.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            s = c.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            c.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, s)
            c.send("Page.navigate", {"url": "file://" + os.path.abspath(path)}, s)
            deadline = time.time() + 60
            while True:
                r = c.send("Runtime.evaluate", {"expression": "document.readyState", "returnByValue": True}, s)
                if r.get("result", {}).get("value") == "complete":
                    break
                if time.time() > deadline:
                    raise RuntimeError("the report did not finish loading within 60 s")
                time.sleep(0.1)
            r = c.send("Runtime.evaluate", {"expression": BROWSER_CHECK, "awaitPromise": True,
                                            "returnByValue": True}, s, timeout=120)
            if "exceptionDetails" in r:
                raise RuntimeError("check script failed: " + json.dumps(r["exceptionDetails"])[:400])
            out = json.loads(r["result"]["value"])
            if screenshot:
                h = min(int(out.get("height", 900)), 16000)
                c.send("Emulation.setDeviceMetricsOverride",
                       {"width": 1280, "height": h, "deviceScaleFactor": 1, "mobile": False}, s)
                shot = c.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, s)
                with open(screenshot, "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
            return out
        finally:
            c.close()


def parse_counts(text):
    out = {}
    for part in (text or "").split():
        k, _, v = part.partition("=")
        if k in KINDS and v.isdigit():
            out[k] = int(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report")
    ap.add_argument("--screenshot")
    ap.add_argument("--expect", action="append", default=[], metavar="KIND=N",
                    help=f"at least N of KIND ({', '.join(KINDS)})")
    a = ap.parse_args()
    try:
        text = open(a.report, encoding="utf-8").read()
    except OSError as e:
        print(f"error: {a.report}: {e.strerror}", file=sys.stderr)
        return 2
    expect = parse_counts(" ".join(a.expect))
    if len(expect) != len(a.expect):
        print(f"error: --expect takes KIND=N with KIND one of {', '.join(KINDS)}", file=sys.stderr)
        return 2
    st = Static()
    st.feed(text)
    problems = list(st.problems)
    if st.manifest is None:
        problems.append("no lode-report-manifest meta element")
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        print("error: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 3
    try:
        out = browser_check(exe, a.report, a.screenshot)
    except Exception as e:  # a browser that cannot render the page fails the check
        print(f"FAIL {a.report}: {e}")
        return 1
    problems += out["errors"]
    counts = out["counts"]
    manifest = parse_counts(out.get("manifest"))
    for k in KINDS:
        if k in manifest and manifest[k] != counts[k]:
            problems.append(f"the report declares {manifest[k]} {k}, the browser shows {counts[k]}")
        if k in expect and counts[k] < expect[k]:
            problems.append(f"expected at least {expect[k]} {k}, found {counts[k]}")
    summary = " ".join(f"{k}={counts[k]}" for k in KINDS)
    if problems:
        for p in problems:
            print(f"FAIL {a.report}: {p}")
        print(f"browser check: {len(problems)} problem(s); {summary}")
        return 1
    print(f"browser check passed: {a.report}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
