/*
 * Beleidslezer: paragraph tools, highlighted targets and links that stay.
 *
 * - every `.bl-para` gets a "¶" link, a "kopieer citaat" button and a link to its page in
 *   the PDF ("p. 28"), shown on hover or keyboard focus;
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
    copied: "Citaat gekopieerd",
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

  /* The citation for a paragraph: "<title>, p. <label>, <url>#<id>". */
  function citation(para) {
    var url = location.href.split("#")[0] + "#" + para.id;
    var label = para.getAttribute("data-label") || para.getAttribute("data-page");
    var parts = [reportTitle()];
    if (label) parts.push("p. " + label);
    parts.push(url);
    return parts.join(", ");
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

  function makeTools(para) {
    var tools = document.createElement("span");
    tools.className = "bl-tools";

    var link = document.createElement("a");
    link.className = "bl-permalink";
    link.href = "#" + para.id;
    link.setAttribute("aria-label", TEXT.permalink);
    link.title = TEXT.permalink;
    link.textContent = "¶";
    tools.appendChild(link);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "bl-cite";
    button.setAttribute("aria-label", TEXT.citeLabel);
    button.textContent = TEXT.cite;
    tools.appendChild(button);

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

    button.addEventListener("click", function () {
      var text = citation(para);
      copyText(text).then(function () {
        showStatus(tools, status, TEXT.copied);
      }, function () {
        showStatus(tools, status, TEXT.copyFailed + ": " + text, 8000);
      });
    });
    return tools;
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
    var close = document.createElement("button");
    close.type = "button";
    close.className = "bl-note__close";
    close.setAttribute("aria-label", TEXT.close);
    close.textContent = "×";
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

  function onPage() {
    enhance(document);
    followOldLinks();
    highlight();
  }

  window.addEventListener("hashchange", function () {
    followOldLinks();
    highlight();
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }

  /* For tests and other scripts. */
  window.beleidslezer = { citation: citation, fallbackTarget: fallbackTarget };
})();
