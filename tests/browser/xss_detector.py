"""Open pages in Chromium and record whether any script on them ran.

Every page of a context gets an init script, run in every frame before the page's own scripts,
that replaces alert, confirm, prompt and print with recorders; a listener for native dialogs
catches a payload that reaches one anyway. The corpus payloads announce themselves through one
of these four.

Many payloads run only when someone uses the page: hovers, clicks a javascript: link, presses a
key, submits a form. Once a page has loaded, the init script plays that person: it opens every
<details> (content warnings), fires every event named by an on* attribute at its element, and
clicks every link, form and form button whose URL the browser itself resolves to javascript:
(other links are left alone, so the page stays put). Then it gives timers, onerror, onfocus
(autofocus) and animations SETTLE_MS before it marks the page done. All of this runs inside the
pages at once; Python only starts the pages and reads the results.
"""
from collections import defaultdict

SETTLE_MS = 400
POOL = 16  # pages loading at once; each is reused from one URL to the next
_DETECTOR = """((settleMs) => {
  const calls = [];
  Object.defineProperty(window, "__xssCalls", {value: calls});
  const saved = window.__xssReport;  // kept now: a payload may replace the global later
  const report = (...args) => (saved || window.__xssReport)(...args);
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const recorder = function () {
      calls.push(name);
      let top_ = null;
      try { top_ = top.location.href; } catch (e) {}
      try { report(name, location.href, top_); } catch (e) {}
      return name === "prompt" ? "" : undefined;
    };
    try { window[name] = recorder; } catch (e) {}
  }
  // Prototype methods captured before any payload runs and called on each element: a payload
  // may clobber el.attributes and friends (<input name=attributes>) or the methods themselves.
  const proto = {
    names: Element.prototype.getAttributeNames, get: Element.prototype.getAttribute,
    dispatch: EventTarget.prototype.dispatchEvent, listen: EventTarget.prototype.addEventListener,
    click: HTMLElement.prototype.click, focus: HTMLElement.prototype.focus,
    submit: HTMLFormElement.prototype.requestSubmit, all: Document.prototype.querySelectorAll,
    timeout: window.setTimeout,
  };
  const fire = (target, type) => {
    try { proto.dispatch.call(target, new Event(type, {bubbles: false, cancelable: true})); }
    catch (e) {}
  };
  const isJs = (url) => { try { return new URL(url, document.baseURI).protocol === "javascript:"; }
                          catch (e) { return false; } };
  const interact = () => {
    for (const details of proto.all.call(document, "details")) details.open = true;
    const elements = [...proto.all.call(document, "*")];
    for (const el of elements) {
      for (const name of proto.names.call(el)) {
        if (!name.toLowerCase().startsWith("on")) continue;
        const type = name.slice(2).toLowerCase();
        fire(el, type);
        // On <body> and <frameset>, onfocus, onscroll, onerror... are the window's handlers.
        if (el === document.body || el.localName === "frameset") fire(window, type);
      }
    }
    for (const el of elements) {
      const urls = proto.names.call(el).filter((n) => /(^|:)(href|action|formaction)$/i.test(n))
                                       .map((n) => proto.get.call(el, n));
      if (!urls.some(isJs)) continue;
      try {
        if (el instanceof HTMLFormElement) proto.submit.call(el);
        else if (el instanceof HTMLElement) { el.removeAttribute("target"); proto.click.call(el); }
        else fire(el, "click");
      } catch (e) {}
    }
    const field = document.querySelector("input, textarea, [contenteditable], [tabindex]");
    if (field) { try { proto.focus.call(field); } catch (e) {} }
  };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    try { interact(); } catch (e) {}
    proto.timeout.call(window, () => { window.__xssDone = true; }, settleMs);
  };
  proto.listen.call(window, "load", () => proto.timeout.call(window, start, 0));
  proto.timeout.call(window, start, 4000);  // a page that never finishes loading
})"""


class Detector:
    """Watches the pages it opens in one browser context and records what ran on each."""

    def __init__(self, context, settle_ms: int = SETTLE_MS):
        self.context = context
        self.ran: dict[str, list[str]] = defaultdict(list)
        self._current: dict[object, str] = {}  # page -> key of the URL it shows now
        self._keys_by_url: dict[str, str] = {}
        context.expose_binding("__xssReport", self._on_report)
        context.add_init_script(f"{_DETECTOR}({int(settle_ms)});")

    def _key_of(self, page) -> str | None:
        while page is not None and page not in self._current:
            page = page.opener()  # a popup counts for the page that opened it
        return self._current.get(page)

    def name_urls(self, keys_by_url: dict[str, str]) -> None:
        """Attribute what runs in documents at these URLs (frames, say) to these keys."""
        self._keys_by_url.update(keys_by_url)

    def _on_report(self, source, name, where=None, top=None) -> None:
        # The reporting document's own URL names the payload, even if the page has moved on
        # since; else the nearest frame above it with a known URL (a payload's own iframe, a
        # data: or javascript: document, sits inside the payload's frame); else its page.
        key = self._keys_by_url.get(where)
        frame = source.get("frame")
        while key is None and frame is not None:
            key = self._keys_by_url.get(_quietly(lambda: frame.url))
            frame = _quietly(lambda: frame.parent_frame)
        key = key or self._keys_by_url.get(top) or self._key_of(source["page"])
        if key is not None:
            self.ran[key].append(name)

    def _on_dialog(self, page, dialog) -> None:
        key = self._key_of(page)
        if key is not None:
            self.ran[key].append(f"dialog:{dialog.type}")
        dialog.dismiss()

    def visit(self, urls: dict[str, str]) -> dict[str, list[str]]:
        """Open every {key: url}; answer {key: [what ran]} for every key where anything ran."""
        items = list(urls.items())
        self.name_urls({url: key for key, url in items})
        pages = []
        for _ in range(min(POOL, len(items))):
            page = self.context.new_page()
            page.on("dialog", lambda dialog, page=page: self._on_dialog(page, dialog))
            pages.append(page)
        try:
            for start in range(0, len(items), len(pages)):
                self._visit_batch(list(zip(pages, items[start:start + len(pages)])))
        finally:
            for page in pages:
                page.close()
        return {key: calls for key, calls in self.ran.items() if calls}

    def _visit_batch(self, batch) -> None:
        for page, (key, url) in batch:
            self._current[page] = key
            page.goto(url, wait_until="commit")
        for page, (key, _url) in batch:
            done = _quietly(page.wait_for_function,
                            "() => window.__xssDone === true && [...window.__xssCalls]",
                            timeout=8000)
            calls = _quietly(done.json_value) if done is not None else None
            if calls and len(calls) > len(self.ran[key]):
                self.ran[key] = list(calls)  # the binding usually reported these already
            self._current.pop(page, None)


def _quietly(call, *args, **kwargs):
    """Call a Playwright method that a hostile page may break (navigated away, never loads)."""
    try:
        return call(*args, **kwargs)
    except Exception:  # noqa: BLE001 - the binding has reported whatever ran before that
        return None
