// The review queue: content blurred until shown, keyboard shortcuts, and a live count of items
// waiting (Socket.IO namespace /chat, event `watch_queue`, then `queue_count`). Without this
// script the page still works: content folds in <details>, every action is a plain form.
(function () {
  "use strict";
  var root = document.getElementById("moderation");
  if (!root) { return; }

  var items = Array.prototype.slice.call(root.querySelectorAll(".queue-item"));
  var current = -1;
  var help = document.getElementById("shortcuts");

  // --- Blur: the <details> stays open, its content blurred and out of reach until revealed.
  // The edit form's copy of the text is blurred along with the snapshot.
  function setRevealed(details, shown) {
    var content = details.querySelector(".snapshot");
    var button = details.previousElementSibling;
    var item = details.closest(".queue-item");
    Array.prototype.forEach.call(item ? item.querySelectorAll(".sensitive") : [], function (field) {
      field.classList.toggle("is-blurred", !shown);
    });
    content.classList.toggle("is-blurred", !shown);
    content.inert = !shown;
    if (shown) { content.removeAttribute("aria-hidden"); } else { content.setAttribute("aria-hidden", "true"); }
    button.setAttribute("aria-expanded", shown ? "true" : "false");
    button.textContent = shown ? "Hide content" : "Show content";
  }

  function enhanceReveal(details) {
    var content = details.querySelector(".snapshot");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary reveal-button";
    button.setAttribute("aria-controls", content.id);
    details.parentNode.insertBefore(button, details);
    details.open = true;
    details.querySelector("summary").hidden = true;
    details.classList.add("is-enhanced");
    setRevealed(details, false);
    button.addEventListener("click", function () {
      setRevealed(details, content.classList.contains("is-blurred"));
    });
    // A click on the blurred content reveals it too (inert content passes clicks to its parent),
    // and so does starting to edit the text.
    function reveal() {
      if (content.classList.contains("is-blurred")) { setRevealed(details, true); }
    }
    details.addEventListener("click", reveal);
    var item = details.closest(".queue-item");
    Array.prototype.forEach.call(item ? item.querySelectorAll(".sensitive") : [], function (field) {
      field.addEventListener("focus", reveal);
    });
  }

  Array.prototype.forEach.call(root.querySelectorAll("details.reveal"), enhanceReveal);

  // --- Keyboard shortcuts: j/k move, s shows content, a approves, r removes, ? helps.
  function select(index, focus) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle("is-current", i === current); });
    if (focus) {
      items[current].focus({preventScroll: true});
      items[current].scrollIntoView({block: "start"});
    }
  }

  items.forEach(function (item, i) {
    item.addEventListener("focusin", function () { select(i, false); });
  });

  function currentItem() {
    if (current < 0) { select(0, true); return null; }  // the first press only chooses an item
    return items[current];
  }

  // Send a form as if `button` (which names the action) were pressed.
  function submit(form, button) {
    if (form.requestSubmit) { form.requestSubmit(button || undefined); } else { (button || form).click(); }
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  var keys = {
    j: function () { select(current + 1, true); },
    k: function () { select(current < 0 ? 0 : current - 1, true); },
    s: function () {
      var item = currentItem();
      var details = item && item.querySelector("details.reveal");
      if (details) { setRevealed(details, details.querySelector(".snapshot").classList.contains("is-blurred")); }
    },
    a: function () {
      var item = currentItem();
      var approve = item && item.querySelector("button[value='approve']");
      if (approve) { submit(approve.form, approve); }
    },
    r: function () {
      var item = currentItem();
      var reason = item && item.querySelector("select[data-shortcut='remove-reason']");
      if (reason) { reason.focus(); }
    },
    "?": function () { if (help && !help.open) { help.showModal(); } }
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target) || (help && help.open)) { return; }
    var action = keys[event.key];
    if (!action) { return; }
    event.preventDefault();
    action();
  });

  // Enter on the remove form's boundary list sends the form (a <select> would not by itself).
  Array.prototype.forEach.call(root.querySelectorAll("select[data-shortcut='remove-reason']"), function (reason) {
    reason.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit(reason.form, reason.form.querySelector("button[value='remove']"));
      }
    });
  });

  if (help) {
    var opener = document.getElementById("shortcuts-open");
    opener.hidden = false;
    opener.addEventListener("click", function () { help.showModal(); });
    document.getElementById("shortcuts-close").addEventListener("click", function () { help.close(); });
  }

  // --- The live count, announced politely (aria-live on #queue-count) only when it changes.
  var count = document.getElementById("queue-count");
  var changed = document.getElementById("queue-changed");
  var navCounts = document.querySelectorAll("#nav-queue-count, .nav-queue-count");
  var rendered = Number(root.dataset.pending);
  var shown = root.dataset.pending + "/" + root.dataset.urgent;
  var urgentAlert = document.getElementById("urgent-alert");
  var lastUrgent = Number(root.dataset.urgent);

  function strong(text) {
    var b = document.createElement("strong");
    b.textContent = text;
    return b;
  }

  // A new urgent item raises a visible alert (role=alert) that stays until the page reloads.
  function alertUrgent(counts) {
    if (!urgentAlert || typeof counts.urgent !== "number") { return; }
    if (counts.urgent > lastUrgent) {
      var more = document.createElement("a");
      more.href = window.location.pathname + window.location.search;
      more.textContent = "Show the latest";
      urgentAlert.hidden = false;
      urgentAlert.replaceChildren(strong("New urgent item."), " Someone may be in crisis (" +
        counts.urgent + " urgent waiting). ", more);
    }
    lastUrgent = counts.urgent;
  }

  function showCount(counts) {
    if (!counts || typeof counts.pending !== "number") { return; }
    alertUrgent(counts);
    var key = counts.pending + "/" + counts.urgent;
    if (key === shown) { return; }
    shown = key;
    count.replaceChildren(strong(String(counts.pending)), " waiting for review, ",
                          strong(String(counts.urgent)), " urgent.");
    navCounts.forEach(function (el) { el.textContent = String(counts.pending); });
    changed.hidden = counts.pending === rendered;
  }

  // --- How long each urgent item has waited, kept current while the page is open.
  function waitedText(minutes) {
    if (minutes < 1) { return "less than a minute"; }
    var hours = Math.floor(minutes / 60), rest = minutes % 60, parts = [];
    if (hours) { parts.push(hours + (hours === 1 ? " hour" : " hours")); }
    if (rest) { parts.push(rest + (rest === 1 ? " minute" : " minutes")); }
    return parts.join(" ");
  }
  function refreshWaited() {
    Array.prototype.forEach.call(root.querySelectorAll(".waited[data-opened]"), function (line) {
      var opened = new Date(line.dataset.opened);
      if (isNaN(opened)) { return; }
      var minutes = Math.max(0, Math.floor((Date.now() - opened.getTime()) / 60000));
      line.querySelector(".waited-for").textContent = waitedText(minutes);
    });
  }
  window.setInterval(refreshWaited, 30000);

  if (typeof io !== "function") { return; }
  var socket = io("/chat", {auth: {csrf_token: root.dataset.csrf}, transports: ["websocket", "polling"]});
  socket.on("connect", function () {
    socket.emit("watch_queue", {}, function (answer) {
      if (answer && answer.ok) { showCount(answer); }
    });
  });
  socket.on("queue_count", showCount);
}());
