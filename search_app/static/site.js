// Progressive enhancement only: every control also works without JavaScript.
(function () {
  "use strict";
  // Sorting applies as soon as a new order is picked with mouse or finger. From the keyboard,
  // arrow keys change the value while browsing the options, so leaving the page then would be a
  // change of context on input (WCAG 3.2.2): keyboard users apply the order with the button.
  document.querySelectorAll(".sort-form select").forEach(function (select) {
    var picked = false;
    select.addEventListener("pointerdown", function () { picked = true; });
    select.addEventListener("keydown", function () { picked = false; });
    select.addEventListener("change", function () { if (picked) { select.form.submit(); } });
  });
})();

// Suggestions while typing: the search box becomes an ARIA combobox (WAI-ARIA APG "list
// autocomplete"). Up/down move through the list, Enter opens a case or runs the suggested
// search, Escape closes the list. Without JavaScript the box is a plain search field.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch || !window.URL) { return; }
  var DELAY_MS = 150;
  var items = [];
  var active = -1;
  var timer = null;
  var pending = null;

  var box = document.createElement("div");
  box.className = "suggest-box";
  input.parentNode.insertBefore(box, input);
  box.appendChild(input);
  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
  list.hidden = true;
  box.appendChild(list);
  var live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  box.appendChild(live);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function setActive(index) {
    var options = list.children;
    if (active >= 0 && options[active]) {
      options[active].classList.remove("active");
      options[active].setAttribute("aria-selected", "false");
    }
    active = index;
    if (active >= 0 && options[active]) {
      options[active].classList.add("active");
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    setActive(-1);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function open() {
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  }

  function choose(index) {
    var item = items[index];
    if (!item) { return; }
    close();
    if (item.kind === "case") {
      window.location.assign(item.url);
    } else {
      input.value = item.query;
      if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
    }
  }

  function render(data) {
    items = Array.isArray(data) ? data : [];
    setActive(-1);
    list.textContent = "";
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.className = "suggestion suggestion-" + item.kind;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.className = "suggestion-label";
      label.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = input.getAttribute("data-kind-" + item.kind) || "";
      option.appendChild(label);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(kind);
      // mousedown, not click: the field keeps focus, so the list is not closed by blur first.
      option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      list.appendChild(option);
    });
    if (items.length) {
      open();
      live.textContent = (input.getAttribute("data-suggest-count") || "{n}").replace("{n}", items.length);
    } else {
      close();
      live.textContent = input.getAttribute("data-suggest-none") || "";
    }
  }

  function fetchSuggestions() {
    var typed = input.value.trim();
    if (pending) { pending.abort(); pending = null; }
    if (typed.length < 2) { items = []; list.textContent = ""; close(); return; }
    var url = new URL(input.getAttribute("data-suggest-url"), window.location.href);
    url.searchParams.set("q", typed);
    pending = window.AbortController ? new AbortController() : null;
    window.fetch(url.toString(), {headers: {"Accept": "application/json"}, signal: pending && pending.signal})
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (data) { if (input.value.trim() === typed) { render(data); } })
      .catch(function () { /* aborted or offline: the plain search still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "Down") {
      if (!items.length) { return; }
      event.preventDefault();
      open();
      setActive(active + 1 < items.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp" || event.key === "Up") {
      if (list.hidden) { return; }
      event.preventDefault();
      setActive(active > 0 ? active - 1 : items.length - 1);
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else {
        close();
      }
    } else if (event.key === "Escape" || event.key === "Esc") {
      if (!list.hidden) {
        event.preventDefault();  // a search field would otherwise also clear its text
        close();
      }
    } else if (event.key === "Tab") {
      close();
    }
  });

  input.addEventListener("blur", close);
  input.addEventListener("focus", function () { if (items.length && input.value.trim().length >= 2) { open(); } });
})();

// The filters on a phone: "Filtrér" opens and closes them in place (without JavaScript it is a
// link to #filtre, which style.css opens with :target). "Vis N resultater" closes them.
(function () {
  "use strict";
  var panel = document.getElementById("filtre");
  var links = document.querySelectorAll("a.filter-toggle");
  if (!panel || !links.length) { return; }
  var buttons = [];
  function isOpen() { return panel.classList.contains("open") || panel.matches(":target, :has(:target)"); }
  function sync() {
    buttons.forEach(function (button) { button.setAttribute("aria-expanded", isOpen() ? "true" : "false"); });
  }
  links.forEach(function (toggle) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = toggle.className;
    button.innerHTML = toggle.innerHTML;
    button.setAttribute("aria-controls", "filtre");
    toggle.parentNode.replaceChild(button, toggle);
    buttons.push(button);
    button.addEventListener("click", function () {
      if (isOpen()) {
        panel.classList.remove("open");
        if (location.hash && location.hash !== "#resultater") { location.hash = "resultater"; }
      } else {
        panel.classList.add("open");
        panel.focus({preventScroll: true});
        panel.scrollIntoView({block: "start"});
      }
      sync();
    });
  });
  panel.querySelectorAll(".filter-done a").forEach(function (link) {
    link.addEventListener("click", function () { panel.classList.remove("open"); setTimeout(sync, 0); });
  });
  window.addEventListener("hashchange", sync);
  sync();
})();

// Sharing a case: a "Kopiér link" button beside the link (without JavaScript, the link is a
// field to select and copy).
(function () {
  "use strict";
  var field = document.getElementById("share-link");
  if (!field || !navigator.clipboard) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = field.getAttribute("data-copy-label");
  var said = document.createElement("span");
  said.setAttribute("role", "status");
  said.className = "hint";
  field.parentNode.insertBefore(button, field.nextSibling);
  field.parentNode.appendChild(said);
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      said.textContent = field.getAttribute("data-copied");
    }, function () { field.select(); });
  });
  field.addEventListener("focus", function () { field.select(); });
})();
