/*
 * Beleidslezer: search with Pagefind in Material's search dialog.
 *
 * hooks/search.py writes a Pagefind index with a record per paragraph, footnote and register
 * entry. Pagefind is loaded when the reader first opens the search, and fetches only the
 * index fragments a query needs. Each result leads to the paragraph itself and shows where
 * the hit is: the words of the paragraph, or of its footnote and the citation, marked.
 *
 * Only on sites built for serving (overrides/partials/bl-search.html); a site built for
 * reading from disk searches with Material's own lunr search instead.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 8;
  var TEXT = {
    placeholder: "Typ om te zoeken",
    loading: "Zoeken…",
    none: "Niets gevonden",
    one: "1 resultaat",
    many: function (n) { return n + " resultaten"; },
    more: function (n) { return "Toon meer resultaten (nog " + n + ")"; },
    page: function (label) { return "p. " + label; },
    offline: "Zoeken werkt niet in een site die van schijf is geopend. Bouw de offline-versie " +
      "(BL_OFFLINE=true mkdocs build) of open de site via een webserver.",
    failed: "Zoeken is niet beschikbaar: de zoekindex kon niet worden geladen."
  };

  var dialog = document.querySelector(".bl-search[data-bl-pagefind]");
  if (!dialog) return;
  var toggle = document.getElementById("__search");
  var input = dialog.querySelector(".bl-search__input");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var form = dialog.querySelector("form");
  var pagefind = null;
  var loading = null;
  var current = { query: "", results: [], shown: 0 };
  var timer = null;

  function setMeta(text) { meta.textContent = text; }

  function load() {
    if (pagefind) return Promise.resolve(pagefind);
    if (loading) return loading;
    if (location.protocol === "file:") {
      setMeta(TEXT.offline);
      return Promise.reject(new Error("file"));
    }
    var url = new URL(dialog.getAttribute("data-bl-pagefind"), location.href).href;
    loading = import(url).then(function (module) {
      /* Result URLs are site-relative; Pagefind puts baseUrl before them. */
      var options = { excerptLength: 28, baseUrl: siteBase().pathname };
      return module.options(options).then(function () {
        module.init();
        pagefind = module;
        return module;
      });
    });
    loading.catch(function () { setMeta(TEXT.failed); loading = null; });
    return loading;
  }

  /* The site root: Material's base, relative to this page. */
  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  /* Pagefind's excerpt as nodes: its text, and <mark> around the hits; nothing else. */
  function excerptNodes(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link bl-search__link";
    link.href = new URL(data.url, location.href).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "bl-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    var where = [];
    if (data.meta && data.meta.report) where.push(data.meta.report);
    if (data.meta && data.meta.page) where.push(TEXT.page(data.meta.page));
    if (where.length) {
      var place = document.createElement("div");
      place.className = "bl-search__where";
      place.textContent = where.join(" · ");
      article.appendChild(place);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "bl-search__excerpt";
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  /* Results appear one by one as their fragments arrive, in ranking order: the first one
     does not wait for the tenth. */
  function showMore() {
    var query = current.query;
    var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += slice.length;
    var old = list.querySelector(".bl-search__more");
    if (old) old.remove();
    var slots = slice.map(function () {
      var slot = document.createElement("li");
      slot.className = "md-search-result__item bl-search__pending";
      slot.hidden = true;
      list.appendChild(slot);
      return slot;
    });
    var left = current.results.length - current.shown;
    if (left > 0) {
      var more = document.createElement("li");
      more.className = "bl-search__more";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = TEXT.more(left);
      button.addEventListener("click", function () { showMore(); });
      more.appendChild(button);
      list.appendChild(more);
    }
    return Promise.all(slice.map(function (result, i) {
      return result.data().then(function (data) {
        if (query !== current.query) return;
        var item = resultItem(data);
        slots[i].replaceWith(item);
      });
    }));
  }

  function search(query) {
    current = { query: query, results: [], shown: 0 };
    if (!query.trim()) {
      list.textContent = "";
      setMeta(TEXT.placeholder);
      return Promise.resolve();
    }
    setMeta(TEXT.loading);
    /* A failed first load (a slow device, a dropped request) is tried once more. */
    return load().catch(function () { return load(); }).then(function (engine) {
      return engine.search(query);
    }).then(function (found) {
      if (!found || query !== current.query) return;
      current.results = found.results;
      list.textContent = "";
      var n = found.results.length;
      setMeta(n === 0 ? TEXT.none : n === 1 ? TEXT.one : TEXT.many(n));
      return showMore();
    }, function () { /* message already shown */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value;
    /* Fetch the index chunks for the words typed so far at once; search after a pause. */
    if (pagefind && query.trim()) pagefind.preload(query);
    timer = setTimeout(function () { search(query); }, 80);
  });
  /* Focus opens the dialog, as in Material's search (on wide screens the field sits in the
     header, and the results open below it). */
  input.addEventListener("focus", function () {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load().catch(function () {});
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(""); input.focus(); }, 0);
  });

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    input.select();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) setTimeout(function () { input.focus(); }, 0);
  });

  /* The keys of Material's own search: "/", "s" and "f" open it, Escape closes it, the
     arrow keys walk the results, Enter on the query opens the first. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName));
    if (!toggle.checked) {
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
          (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll(".bl-search__link"));
    var index = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? index + 1 : index - 1;
      if (next < 0) { input.focus(); return; }
      links[Math.min(next, links.length - 1)].focus();
    } else if (event.key === "Enter" && target === input && links.length) {
      event.preventDefault();
      links[0].click();
    }
  });

  /* Following a result closes the dialog (also when it only changes the fragment). */
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".bl-search__link")) close();
  });

  /* For tests and measurements: the same engine the dialog uses. */
  window.beleidslezerSearch = {
    load: load,
    search: search,
    results: function () { return current.results; },
    resultItem: resultItem
  };
})();
