/* Habeas page behaviour. One file served by the app: the Content-Security-Policy allows no inline
   script and no inline event handlers, so everything here is attached by delegation on document
   and keeps working when htmx swaps a tab in. Every page works without it (plain links and forms). */
(function () {
  "use strict";

  /* Forms that ask first: <form data-confirm="Question?">. */
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-no-submit")) { e.preventDefault(); return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });

  /* Case tabs: arrow keys, Home and End move between tabs (roving tabindex); the selected tab
     follows clicks and htmx history. Without JavaScript every tab is a plain link to ?tab=NAME. */
  function tabParts() { return {list: document.getElementById("case-tabs"), panel: document.getElementById("tab-body")}; }
  function tabsOf(list) { return Array.prototype.slice.call(list.querySelectorAll("[role=tab]")); }
  function tabSelect(tab) {
    var p = tabParts();
    if (!p.list || !p.panel) return;
    tabsOf(p.list).forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
    });
    p.panel.setAttribute("aria-labelledby", tab.id);
  }
  document.addEventListener("click", function (e) {
    var tab = e.target.closest && e.target.closest("#case-tabs [role=tab]");
    if (tab) tabSelect(tab);
  });
  document.addEventListener("keydown", function (e) {
    var p = tabParts();
    if (!p.list || !p.list.contains(document.activeElement)) return;
    var all = tabsOf(p.list), i = all.indexOf(document.activeElement), j = null;
    if (i < 0) return;
    if (e.key === "ArrowRight") j = (i + 1) % all.length;
    else if (e.key === "ArrowLeft") j = (i - 1 + all.length) % all.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = all.length - 1;
    if (j === null) return;
    e.preventDefault();
    all[j].focus();
    all[j].click();
  });
  document.addEventListener("htmx:beforeRequest", function (e) { if (e.detail.target && e.detail.target.id === "tab-body") e.detail.target.setAttribute("aria-busy", "true"); });
  document.addEventListener("htmx:afterSettle", function (e) { if (e.detail.target && e.detail.target.id === "tab-body") e.detail.target.setAttribute("aria-busy", "false"); });
  document.addEventListener("htmx:historyRestore", function () {
    if (!document.getElementById("case-tabs")) return;
    var name = new URLSearchParams(location.search).get("tab") || "overview", tab = document.getElementById("tab-" + name);
    if (tab) tabSelect(tab);
  });

  /* Documents tab: drag and drop onto the upload form hands the files to its input and submits. */
  document.addEventListener("dragover", function (e) {
    var zone = e.target.closest && e.target.closest(".dropzone");
    if (zone) { e.preventDefault(); zone.classList.add("dragging"); }
  });
  document.addEventListener("dragleave", function (e) {
    var zone = e.target.closest && e.target.closest(".dropzone");
    if (zone) zone.classList.remove("dragging");
  });
  document.addEventListener("drop", function (e) {
    var zone = e.target.closest && e.target.closest(".dropzone");
    if (!zone || !e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    zone.classList.remove("dragging");
    zone.querySelector("input[type=file]").files = e.dataTransfer.files;
    zone.requestSubmit();
  });

  /* Flags tab: filters hide passages on this page only (nothing is stored); j / k move between
     passages and c / d / m record a verdict at once, then the next passage gets the focus. */
  function flagPassages() { return Array.from(document.querySelectorAll("article.flag")); }
  function flagFilter(root) {
    var want = {};
    root.querySelectorAll("select[data-filter]").forEach(function (s) { want[s.dataset.filter] = s.value; });
    flagPassages().forEach(function (a) {
      a.hidden = Object.keys(want).some(function (k) { return want[k] && a.dataset[k] !== want[k]; });
    });
    document.querySelectorAll("section[id^='flags-']").forEach(function (sec) {
      sec.hidden = !sec.querySelector("article.flag:not([hidden])");
    });
  }
  document.addEventListener("change", function (e) {
    var root = e.target.closest && e.target.closest("#flag-filters");
    if (root) flagFilter(root);
  });
  function flagResume() {
    if (!document.getElementById("flag-filters")) return;
    var resume = sessionStorage.getItem("habeas-flag-next");
    sessionStorage.removeItem("habeas-flag-next");
    if (!resume) return;
    // Looked up again when it runs: while htmx settles, the old tab may still be in the page.
    var go = function () {
      var next = document.getElementById(resume);
      if (next) { next.focus(); next.scrollIntoView({block: "center"}); }
    };
    go();
    setTimeout(go, 30);
  }
  document.addEventListener("htmx:afterSettle", flagResume);
  document.addEventListener("DOMContentLoaded", flagResume);
  var verdictKeys = {c: "confirmed", d: "not_applicable", m: "needs_more"};
  document.addEventListener("keydown", function (e) {
    if (!document.getElementById("flag-filters")) return;
    if (e.target.closest("input, textarea, select") || e.altKey || e.ctrlKey || e.metaKey) return;
    var shown = flagPassages().filter(function (a) { return !a.hidden; });
    var at = shown.indexOf(document.activeElement.closest("article.flag"));
    if (e.key === "j" || e.key === "k") {
      var next = shown[e.key === "j" ? Math.min(at + 1, shown.length - 1) : Math.max(at - 1, 0)];
      if (next) { next.focus(); next.scrollIntoView({block: "center"}); e.preventDefault(); }
    } else if (verdictKeys[e.key] && at >= 0) {
      var radio = shown[at].querySelector("input[name=verdict][value=" + verdictKeys[e.key] + "]");
      if (radio) {
        // The tab is re-rendered after the verdict: carry on from the next passage.
        sessionStorage.setItem("habeas-flag-next", (shown[at + 1] || shown[at]).id);
        // Nothing focused during the swap, so htmx does not put the focus back on this passage.
        radio.checked = true; document.activeElement.blur(); radio.form.requestSubmit(); e.preventDefault();
      }
    }
  });
  /* Redaction boxes drawn on a PDF page's image with the mouse: each box is added, in PDF
     points (the image is drawn at 110 dpi: data-points-per-pixel), to the redaction form's
     hidden "boxes" field; the form then redacts those boxes on this page. */
  var drawing = null;
  function boxField() { return document.querySelector("[data-redaction-boxes]"); }
  document.addEventListener("mousedown", function (e) {
    var img = e.target;
    if (!(img instanceof HTMLImageElement) || !img.hasAttribute("data-points-per-pixel") || !boxField()) return;
    e.preventDefault();
    var figure = img.parentElement;
    figure.style.position = "relative";
    var mark = document.createElement("div");
    mark.className = "redaction-draft";
    mark.style.position = "absolute";
    mark.style.background = "rgba(0, 0, 0, 0.6)";
    mark.style.pointerEvents = "none";
    figure.appendChild(mark);
    drawing = {img: img, mark: mark, x: e.clientX, y: e.clientY};
  });
  document.addEventListener("mousemove", function (e) {
    if (!drawing) return;
    var r = drawing.img.getBoundingClientRect(), f = drawing.img.parentElement.getBoundingClientRect();
    var x0 = Math.max(r.left, Math.min(drawing.x, e.clientX)), x1 = Math.min(r.right, Math.max(drawing.x, e.clientX));
    var y0 = Math.max(r.top, Math.min(drawing.y, e.clientY)), y1 = Math.min(r.bottom, Math.max(drawing.y, e.clientY));
    drawing.mark.style.left = (x0 - f.left) + "px";
    drawing.mark.style.top = (y0 - f.top) + "px";
    drawing.mark.style.width = (x1 - x0) + "px";
    drawing.mark.style.height = (y1 - y0) + "px";
    drawing.box = [x0 - r.left, y0 - r.top, x1 - r.left, y1 - r.top];
  });
  document.addEventListener("mouseup", function () {
    if (!drawing) return;
    var d = drawing, field = boxField();
    drawing = null;
    if (!d.box || d.box[2] - d.box[0] < 3 || d.box[3] - d.box[1] < 3 || !field) { d.mark.remove(); return; }
    var scale = (d.img.naturalWidth / d.img.getBoundingClientRect().width) * parseFloat(d.img.getAttribute("data-points-per-pixel"));
    var points = d.box.map(function (v) { return (v * scale).toFixed(1); });
    field.value = (field.value ? field.value + ";" : "") + points.join(",");
    var form = field.form, count = field.value.split(";").length;
    var page = form && form.querySelector("input[name=scope][value=page]");
    if (page) page.checked = true;
    var hint = form && form.querySelector("[data-redaction-hint]");
    if (hint) hint.textContent = count + (count === 1 ? " box" : " boxes") + " drawn on this page: choose why, then press Redact.";
  });
})();
