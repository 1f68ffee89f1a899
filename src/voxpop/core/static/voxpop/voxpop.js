// voxpop: keyboard-first tagging. No inline scripts (the CSP forbids them); all
// customer text is inserted with textContent, never innerHTML.
(function () {
  "use strict";

  const PICKER_URL = "/api/taxonomy/picker";
  let pendingReject = false;

  function typing(target) {
    return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  function submit(form) {
    if (form) form.requestSubmit();
  }

  // ----------------------------------------------------------------- tag picker
  function initPicker(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const input = root.querySelector(".picker-input");
    const value = root.querySelector(".picker-value");
    const list = root.querySelector(".picker-results");
    let hits = [];
    let shownFor = null;  // the query the shown hits answer
    let active = 0;
    let timer = null;
    let seq = 0;
    const url = root.dataset.pickerUrl || PICKER_URL;

    function render() {
      list.replaceChildren();
      hits.forEach(function (hit, index) {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.dataset.tagId = hit.id;
        item.className = index === active ? "active" : "";
        const path = document.createElement("span");
        path.className = "path";
        path.textContent = hit.path;
        item.appendChild(path);
        if (hit.description) {
          const description = document.createElement("span");
          description.className = "description";
          description.textContent = hit.description;
          item.appendChild(description);
        }
        if (hit.recent) item.classList.add("recent");
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        list.appendChild(item);
      });
    }

    function search() {
      const mine = ++seq;
      const query = input.value;
      return fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (data) {
          if (mine !== seq) return;
          hits = data;
          shownFor = query;
          active = 0;
          render();
        });
    }

    function choose(index) {
      const hit = hits[index];
      if (!hit) return;
      value.value = hit.id;
      const form = root.closest("form");
      if (root.dataset.pickerMode === "bulk") {
        input.value = hit.path;
        list.replaceChildren();
        return;
      }
      submit(form);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 60);
    });
    input.addEventListener("focus", function () { if (!hits.length) search(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { active = Math.min(active + 1, hits.length - 1); render(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); event.preventDefault(); }
      else if (event.key === "Enter") {
        event.preventDefault();
        // Typed faster than the results came back: choose from the answer to what was typed.
        if (shownFor !== input.value) { clearTimeout(timer); search().then(function () { choose(0); }); }
        else choose(active);
      }
      else if (event.key === "Escape") { input.value = ""; hits = []; render(); input.blur(); clearQuote(root.closest("form")); }
    });
  }

  function initAll(scope) {
    scope.querySelectorAll("[data-picker]").forEach(initPicker);
  }

  // ----------------------------------------------------------------- quotes
  function codePoints(text) {
    return Array.from(text).length;
  }

  function selectedQuote() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    const holder = range.commonAncestorContainer.nodeType === 1
      ? range.commonAncestorContainer.closest(".msg-text")
      : range.commonAncestorContainer.parentElement.closest(".msg-text");
    if (!holder) return null;
    const before = document.createRange();
    before.selectNodeContents(holder);
    before.setEnd(range.startContainer, range.startOffset);
    const start = codePoints(before.toString());
    const end = start + codePoints(range.toString());
    if (end <= start) return null;
    return { message: holder.dataset.messageId, start: start, end: end, text: range.toString() };
  }

  // The tag form ([data-tag-form], key q) and the feature form ([data-feature-form],
  // key f) both carry a quote as message + start + end.
  function clearQuote(form) {
    form = form || document.querySelector("[data-tag-form]");
    if (!form || !form.elements.message) return;
    ["message", "start", "end"].forEach(function (name) { form.elements[name].value = ""; });
    const preview = form.querySelector(".quote-preview");
    preview.hidden = true;
    preview.textContent = "";
  }

  function startQuote(selector) {
    const quote = selectedQuote();
    const form = document.querySelector(selector || "[data-tag-form]");
    if (!quote || !form) return false;
    form.elements.message.value = quote.message;
    form.elements.start.value = quote.start;
    form.elements.end.value = quote.end;
    const preview = form.querySelector(".quote-preview");
    preview.textContent = "“" + quote.text + "”";
    preview.hidden = false;
    form.querySelector(".picker-input").focus();
    return true;
  }

  // Link the selected text to a feature; with nothing selected, the whole conversation.
  function linkToFeature() {
    const form = document.querySelector("[data-feature-form]");
    if (!form) return false;
    if (!startQuote("[data-feature-form]")) {
      clearQuote(form);
      form.querySelector(".picker-input").focus();
    }
    return true;
  }

  // ----------------------------------------------------------------- keys
  function go(url) {
    if (url) window.location.assign(url);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    const page = document.querySelector("[data-conversation]");
    const help = document.getElementById("keys-help");
    const key = event.key;
    if (key === "?") { if (help) help.showModal(); event.preventDefault(); return; }
    if (!page) return;
    if (pendingReject && /^[1-9]$/.test(key)) {
      pendingReject = false;
      const form = page.querySelector('[data-reject="' + key + '"]');
      submit(form);
      event.preventDefault();
      return;
    }
    pendingReject = false;
    if (/^[1-9]$/.test(key)) { submit(page.querySelector('[data-accept="' + key + '"]')); event.preventDefault(); }
    else if (key === "x") { pendingReject = true; event.preventDefault(); }
    else if (key === "j") { go(page.dataset.nextUrl); }
    else if (key === "k") { go(page.dataset.previousUrl); }
    else if (key === "t" || key === "/") {
      clearQuote();
      const input = page.querySelector("[data-tag-form] .picker-input");
      if (input) { input.focus(); event.preventDefault(); }
    }
    else if (key === "q") { if (startQuote()) event.preventDefault(); }
    else if (key === "f") { if (linkToFeature()) event.preventDefault(); }
    else if (key === "u") { submit(page.querySelector("[data-undo]")); }
    else if (key === "d") { submit(page.querySelector("[data-done]")); }
  });

  // ----------------------------------------------------------------- inbox
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target.matches("[data-select-all]")) {
      document.querySelectorAll('#inbox-rows input[name="conversation"]').forEach(function (box) {
        box.checked = target.checked;
      });
    } else if (target.matches("[data-autosubmit]") || (target.closest("#inbox-filters") && (target.type === "radio" || target.tagName === "SELECT"))) {
      target.form.requestSubmit();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { initAll(event.target); });
  document.addEventListener("click", function (event) {
    if (event.target.matches("[data-show-help]")) document.getElementById("keys-help").showModal();
    if (event.target.matches("[data-feature-quote]")) linkToFeature();
  });
  // Keep the text selection when the "link to a feature" button is pressed.
  document.addEventListener("mousedown", function (event) {
    if (event.target.matches("[data-feature-quote]")) event.preventDefault();
  });
})();
