/*
 * Beleidslezer: paragraph tools, highlighted targets and links that stay.
 *
 * - every `.bl-para` gets a toolbar: a "¶" link, "kopieer citaat" (a full Dutch reference),
 *   BibTeX and RIS for reference managers, and a link to its page in the PDF ("p. 28"),
 *   shown on hover, keyboard focus or a tap; one tab stop per paragraph (the arrow keys move
 *   inside the toolbar), and out of the text flow, so a hidden toolbar takes no line;
 * - on touch screens a tap on a footnote marker shows the note in place;
 * - the paragraph named in the address is highlighted (also after instant navigation,
 *   where CSS :target does not update);
 * - an address naming an anchor the page no longer has is sent to its redirect target,
 *   or for an old paragraph `pNN-x` to page NN, with a short note.
 *
 * Runs on every page change through Material's `document$` (navigation.instant).
 */
(function () {
  "use strict";

  var NOTE_KEY = "bl-redirect-note";
  var TEXT = {
    permalink: "Link naar deze alinea",
    cite: "kopieer citaat",
    citeLabel: "Kopieer een citaat van deze alinea",
    toolbar: "Alinea",
    bibtex: "BibTeX",
    bibtexLabel: "Kopieer deze alinea als BibTeX",
    ris: "RIS",
    risLabel: "Kopieer deze alinea als RIS (voor Zotero, EndNote en Mendeley)",
    copied: "Citaat gekopieerd",
    copiedAs: function (format) { return format + " gekopieerd"; },
    noteLabel: function (n) { return "Voetnoot " + n; },
    noteJump: "naar de voetnotenlijst",
    noteClose: "Voetnoot sluiten",
    copyFailed: "Kopiëren lukte niet; selecteer en kopieer de tekst hieronder",
    pdfLabel: function (label) { return "Pagina " + label + " in de pdf"; },
    note: "De alinea waarnaar deze link verwees, is sinds een oudere versie van het rapport " +
      "gewijzigd of verwijderd; u ziet nu de dichtstbijzijnde alinea.",
    close: "Melding sluiten"
  };

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : null;
  }

  function reportTitle() {
    return meta("bl-report-title") || document.title;
  }

  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];

  function dutchDate(date) {
    return date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear();
  }

  function isoDate(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }

  /* The paragraph's address that stays: the canonical URL when the site has one (a site read
     from disk has no stable address of its own), else this page's. */
  function stableUrl(para) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.href;
    return base.split("#")[0] + "#" + para.id;
  }

  /* The heading a paragraph stands under, and the chapter (the page's first heading). */
  function headingText(heading) {
    var copy = heading.cloneNode(true);
    var extra = copy.querySelectorAll(".headerlink, sup, .bl-page, .bl-tools");
    for (var i = 0; i < extra.length; i++) extra[i].remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function placeOf(para) {
    var article = para.closest(".md-content__inner") || document.body;
    var headings = article.querySelectorAll("h1, h2, h3, h4, h5, h6");
    var chapter = headings.length ? headingText(headings[0]) : "";
    var section = "";
    for (var i = 0; i < headings.length; i++) {
      var position = headings[i].compareDocumentPosition(para);
      if (position & Node.DOCUMENT_POSITION_FOLLOWING) {
        if (i > 0) section = headingText(headings[i]);
      } else break;
    }
    if (section === chapter) section = "";
    return { chapter: chapter, section: section };
  }

  /* What a reference is made of; `today` is the date consulted. */
  function referenceData(para, today) {
    var place = placeOf(para);
    var label = para.getAttribute("data-label") || para.getAttribute("data-page") || "";
    return {
      publisher: meta("bl-publisher") || "",
      year: meta("bl-year") || "",
      title: reportTitle(),
      chapter: place.chapter,
      section: place.section,
      page: label,
      paragraph: para.id,
      url: stableUrl(para),
      consulted: today || new Date()
    };
  }

  /* A Dutch reference to paste in a paper or a Kamerbrief:
     "<uitgever>, <titel> (<jaar>), <hoofdstuk>, <paragraaf>, p. <pagina>, alinea <id>,
     <url> (geraadpleegd op <datum>)." */
  function citation(para, today) {
    var d = referenceData(para, today);
    var parts = [];
    if (d.publisher) parts.push(d.publisher);
    parts.push(d.title + " (" + (d.year || "z.j.") + ")");
    if (d.chapter && d.chapter !== d.title) parts.push(d.chapter);
    if (d.section) parts.push(d.section);
    if (d.page) parts.push("p. " + d.page);
    parts.push("alinea " + d.paragraph);
    return parts.join(", ") + ", " + d.url + " (geraadpleegd op " + dutchDate(d.consulted) + ").";
  }

  function bibEscape(text) {
    return String(text).replace(/[\\{}]/g, function (c) { return "\\" + c; })
      .replace(/[&%$#_]/g, function (c) { return "\\" + c; });
  }

  function bibtex(para, today) {
    var d = referenceData(para, today);
    var key = (d.publisher.split(/\s+/).pop() || "rapport").replace(/[^A-Za-z0-9]/g, "") +
      (d.year || "") + "-" + d.paragraph;
    var note = [d.chapter !== d.title ? d.chapter : "", d.section, "alinea " + d.paragraph]
      .filter(Boolean).join(", ");
    var fields = [
      ["title", d.title],
      d.publisher ? ["author", "{" + d.publisher + "}"] : null,
      d.publisher ? ["institution", d.publisher] : null,
      d.year ? ["year", d.year] : null,
      d.page ? ["pages", d.page] : null,
      ["note", note],
      ["url", d.url],
      ["urldate", isoDate(d.consulted)],
      ["langid", "dutch"]
    ].filter(Boolean);
    return "@report{" + key + ",\n" + fields.map(function (f) {
      var value = f[0] === "url" ? f[1] : f[0] === "author" ? "{" + bibEscape(f[1].slice(1, -1)) + "}"
        : bibEscape(f[1]);
      return "  " + f[0] + " = {" + value + "}";
    }).join(",\n") + "\n}\n";
  }

  function ris(para, today) {
    var d = referenceData(para, today);
    var lines = [["TY", "RPRT"], ["TI", d.title]];
    if (d.publisher) { lines.push(["AU", d.publisher]); lines.push(["PB", d.publisher]); }
    if (d.year) lines.push(["PY", d.year]);
    if (d.chapter && d.chapter !== d.title) lines.push(["T2", d.chapter]);
    if (d.section) lines.push(["N1", d.section]);
    if (d.page) lines.push(["SP", d.page]);
    lines.push(["N1", "alinea " + d.paragraph]);
    lines.push(["UR", d.url]);
    lines.push(["Y2", isoDate(d.consulted)]);
    lines.push(["LA", "nl"]);
    lines.push(["ER", ""]);
    return lines.map(function (l) { return (l[0] + "  - " + l[1]).replace(/ +$/, " "); })
      .join("\r\n") + "\r\n";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return legacyCopy(text);
      });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function toolButton(className, label, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = className;
    button.setAttribute("aria-label", label);
    button.title = label;
    button.textContent = text;
    return button;
  }

  function makeTools(para) {
    var tools = document.createElement("span");
    tools.className = "bl-tools";
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", TEXT.toolbar + " " + para.id);

    var link = document.createElement("a");
    link.className = "bl-permalink";
    link.href = "#" + para.id;
    link.setAttribute("aria-label", TEXT.permalink);
    link.title = TEXT.permalink;
    link.textContent = "¶";
    tools.appendChild(link);

    var formats = [
      [toolButton("bl-cite", TEXT.citeLabel, TEXT.cite), citation, TEXT.copied],
      [toolButton("bl-cite-bibtex", TEXT.bibtexLabel, TEXT.bibtex), bibtex,
        TEXT.copiedAs(TEXT.bibtex)],
      [toolButton("bl-cite-ris", TEXT.risLabel, TEXT.ris), ris, TEXT.copiedAs(TEXT.ris)]
    ];
    formats.forEach(function (format) { tools.appendChild(format[0]); });

    var page = para.getAttribute("data-page");
    var label = para.getAttribute("data-label") || page;
    var pdf = meta("bl-pdf");
    if (page && pdf) {
      var pdfLink = document.createElement("a");
      pdfLink.className = "bl-pdfpage";
      pdfLink.href = pdf + "#page=" + page;
      pdfLink.setAttribute("aria-label", TEXT.pdfLabel(label));
      pdfLink.title = TEXT.pdfLabel(label);
      pdfLink.textContent = "p. " + label;
      tools.appendChild(pdfLink);
    }

    var status = document.createElement("span");
    status.className = "bl-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    tools.appendChild(status);

    formats.forEach(function (format) {
      format[0].addEventListener("click", function () {
        var text = format[1](para);
        copyText(text).then(function () {
          showStatus(tools, status, format[2]);
        }, function () {
          showStatus(tools, status, TEXT.copyFailed + ": " + text, 8000);
        });
      });
    });
    rove(tools);
    return tools;
  }

  /* A toolbar is one tab stop: the arrow keys move inside it (WAI-ARIA toolbar pattern), so
     Tab does not stop five times at every paragraph. */
  function rove(tools) {
    var items = Array.prototype.slice.call(tools.querySelectorAll("a, button"));
    items.forEach(function (item, i) { item.tabIndex = i === 0 ? 0 : -1; });
    tools.addEventListener("keydown", function (event) {
      var index = items.indexOf(document.activeElement);
      if (index < 0) return;
      var next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (index + 1) % items.length;
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (index - 1 + items.length) % items.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = items.length - 1;
      if (next === null) return;
      event.preventDefault();
      items[index].tabIndex = -1;
      items[next].tabIndex = 0;
      items[next].focus();
    });
  }

  function showStatus(tools, status, message, ms) {
    status.textContent = message;
    tools.classList.add("bl-tools--active");
    clearTimeout(status._blTimer);
    status._blTimer = setTimeout(function () {
      status.textContent = "";
      tools.classList.remove("bl-tools--active");
    }, ms || 2500);
  }

  function enhance(root) {
    var paras = root.querySelectorAll(".bl-para[id]");
    for (var i = 0; i < paras.length; i++) {
      var para = paras[i];
      if (para.hasAttribute("data-bl-ready")) continue;
      para.setAttribute("data-bl-ready", "");
      var tools = makeTools(para);
      /* In a list item with a nested list, keep the tools before the nested list. */
      var nested = para.querySelector(":scope > ul, :scope > ol");
      if (nested) para.insertBefore(tools, nested); else para.appendChild(tools);
    }
  }

  /* --- touch: tools and footnotes in place --------------------------------------------- */

  var touch = window.matchMedia ? window.matchMedia("(hover: none)") : { matches: false };

  function closeNotePopover() {
    var open = document.querySelector(".bl-note-popover");
    if (!open) return;
    var marker = open._blMarker;
    open.remove();
    if (marker) marker.setAttribute("aria-expanded", "false");
  }

  /* The note in place of the jump to the list, where there is no hover to show a tooltip. */
  function showNotePopover(marker) {
    /* Material's instant navigation makes hrefs absolute: compare the resolved URL. */
    var url = new URL(marker.href, location.href);
    if (url.pathname !== location.pathname) return false;
    var id;
    try { id = decodeURIComponent(url.hash.slice(1)); } catch (e) { return false; }
    var note = id && document.getElementById(id);
    if (!note) return false;
    var again = document.querySelector(".bl-note-popover");
    closeNotePopover();
    if (again && again._blMarker === marker) return true;
    var popover = document.createElement("div");
    popover.className = "bl-note-popover md-typeset";
    popover.setAttribute("role", "dialog");
    var number = marker.textContent.trim();
    popover.setAttribute("aria-label", TEXT.noteLabel(number));
    var body = document.createElement("div");
    body.className = "bl-note-popover__body";
    var copy = note.cloneNode(true);
    copy.removeAttribute("id");
    var strip = copy.querySelectorAll(".footnote-backref, [id]");
    for (var i = 0; i < strip.length; i++) {
      if (strip[i].classList.contains("footnote-backref")) strip[i].remove();
      else strip[i].removeAttribute("id");
    }
    body.innerHTML = "";
    while (copy.firstChild) body.appendChild(copy.firstChild);
    var title = document.createElement("p");
    title.className = "bl-note-popover__title";
    title.textContent = TEXT.noteLabel(number);
    popover.appendChild(title);
    popover.appendChild(body);
    var jump = document.createElement("a");
    jump.href = "#" + id;
    jump.className = "bl-note-popover__jump";
    jump.textContent = TEXT.noteJump;
    jump.addEventListener("click", closeNotePopover);
    popover.appendChild(jump);
    var close = toolButton("bl-note-popover__close", TEXT.noteClose, "×");
    close.addEventListener("click", function () { closeNotePopover(); marker.focus(); });
    popover.appendChild(close);
    popover._blMarker = marker;
    marker.setAttribute("aria-expanded", "true");
    var block = marker.closest(".bl-para, p, li, td, h1, h2, h3, h4, h5, h6") || marker.parentNode;
    block.parentNode.insertBefore(popover, block.nextSibling);
    close.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    var marker = target.closest("a.footnote-ref, sup.bl-noteref > a");
    if (marker && touch.matches && marker.closest(".md-content")) {
      if (showNotePopover(marker)) event.preventDefault();
      return;
    }
    if (!target.closest(".bl-note-popover")) closeNotePopover();
    /* A tap on a paragraph shows its tools (no hover on a touch screen). */
    if (touch.matches && !target.closest("a, button")) {
      var para = target.closest(".bl-para");
      var shown = document.querySelectorAll(".bl-tools--shown");
      for (var i = 0; i < shown.length; i++) {
        if (!para || shown[i].parentNode !== para) shown[i].classList.remove("bl-tools--shown");
      }
      var tools = para && para.querySelector(":scope > .bl-tools");
      if (tools) tools.classList.toggle("bl-tools--shown");
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.querySelector(".bl-note-popover")) {
      var marker = document.querySelector(".bl-note-popover")._blMarker;
      closeNotePopover();
      if (marker) marker.focus();
    }
  });

  /* --- targets ------------------------------------------------------------------------ */

  function currentId() {
    if (!location.hash || location.hash.length < 2) return null;
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return location.hash.slice(1);
    }
  }

  function highlight() {
    var old = document.querySelectorAll(".bl-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("bl-target");
    var id = currentId();
    if (!id) return null;
    var el = document.getElementById(id);
    if (!el) return null;
    var target = el.classList.contains("bl-page") ? (el.closest(".bl-para") || el) : el;
    if (target.closest(".md-content")) target.classList.add("bl-target");
    return el;
  }

  /* --- links that stay ---------------------------------------------------------------- */

  function linkData() {
    var el = document.getElementById("bl-links");
    if (!el) return null;
    try {
      return JSON.parse(el.getAttribute("data-links"));
    } catch (e) {
      return null;
    }
  }

  /* Own keys only: "#__proto__" or "#constructor" must not find Object.prototype's. */
  function lookup(map, key) {
    if (!map || typeof map !== "object") return null;
    if (!Object.prototype.hasOwnProperty.call(map, key)) return null;
    return typeof map[key] === "string" ? map[key] : null;
  }

  function fallbackTarget(id, data) {
    if (!data) return null;
    var target = lookup(data.redirects, id);
    if (target) return target;
    var match = /^p(\d+)-\d+$/.exec(id) || /^page-(\d+)$/.exec(id);
    return match ? lookup(data.pages, match[1]) : null;
  }

  function showNote() {
    var article = document.querySelector(".md-content__inner") || document.body;
    if (article.querySelector(".bl-note")) return;
    var note = document.createElement("div");
    note.className = "bl-note";
    note.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = TEXT.note;
    note.appendChild(text);
    var close = toolButton("bl-note__close", TEXT.close, "×");
    close.addEventListener("click", function () { note.remove(); });
    note.appendChild(close);
    article.insertBefore(note, article.firstChild);
  }

  function followOldLinks() {
    var id = currentId();
    if (!id || document.getElementById(id)) {
      if (id && sessionStorage.getItem(NOTE_KEY) === id) {
        sessionStorage.removeItem(NOTE_KEY);
        showNote();
      }
      return;
    }
    var target = fallbackTarget(id, linkData());
    if (!target) return;
    var url;
    try {
      url = new URL(target, location.href);
    } catch (e) {
      return;
    }
    if (url.origin !== location.origin) return; /* redirects stay on this site */
    if (url.pathname === location.pathname) {
      history.replaceState(history.state, "", url.hash);
      var el = highlight();
      if (el) el.scrollIntoView({ block: "start" });
      showNote();
    } else {
      try {
        sessionStorage.setItem(NOTE_KEY, decodeURIComponent(url.hash.slice(1)));
      } catch (e) { /* private mode: no note, still redirect */ }
      location.replace(url.href);
    }
  }

  /* --- wiring ------------------------------------------------------------------------- */

  var pageSeen = false;

  function onPage() {
    pageSeen = true;
    enhance(document);
    followOldLinks();
    highlight();
  }

  function onHashChange() {
    followOldLinks();
    highlight();
  }

  window.addEventListener("hashchange", onHashChange);
  /* Material's instant navigation moves to an anchor on the same page with pushState, which
     fires no hashchange: follow its location stream too. */
  if (typeof window.location$ !== "undefined" && window.location$.subscribe) {
    window.location$.subscribe(function () { setTimeout(onHashChange, 0); });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
    /* Should Material's document stream never emit, the page still gets its tools. */
    window.addEventListener("load", function () { if (!pageSeen) onPage(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }

  /* For tests and other scripts. */
  window.beleidslezer = {
    citation: citation, bibtex: bibtex, ris: ris, fallbackTarget: fallbackTarget
  };
})();
