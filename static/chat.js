// Live chat for one room: join, send, catch up after a dropped connection, presence, typing,
// and the room tools for moderators and facilitators. Message HTML comes sanitised from the
// server (forum/sanitize.py); handles and other plain text are only ever set as textContent.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || typeof io !== "function") { return; }

  var room = root.dataset.room;
  var me = root.dataset.handle;
  var isModerator = root.dataset.moderator === "yes";
  var reasons = (root.dataset.reasons || "").split(",").filter(Boolean);
  var list = document.getElementById("messages");
  var composer = document.getElementById("composer");
  var box = document.getElementById("message-body");
  var status = document.getElementById("composer-status");
  var connection = document.getElementById("connection");
  var typingLine = document.getElementById("typing");
  var seen = {};
  var lastId = 0;
  var firstId = null;
  var typingTimer = null;
  var lastTypingSent = 0;

  Array.prototype.forEach.call(list.querySelectorAll("li.message"), function (li) {
    var id = Number(li.dataset.id);
    seen[id] = li;
    lastId = Math.max(lastId, id);
    firstId = firstId === null ? id : Math.min(firstId, id);
    addActions(li, li.dataset.author);
  });

  var socket = io("/chat", {auth: {csrf_token: root.dataset.csrf}, transports: ["websocket", "polling"]});

  function say(element, text) { element.textContent = text; }

  // The same label as the history's <time data-format="clock"> (community.js), so a message
  // shows the same time live and after a reload.
  function timeLabel(iso) {
    var d = new Date(iso);
    if (isNaN(d)) { return iso; }
    if (window.forumCommunity) { return window.forumCommunity.label(d, "clock", Date.now()); }
    return d.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
  }

  function buildMessage(m) {
    var li = document.createElement("li");
    li.className = m.author.handle === me ? "message is-mine" : "message";
    li.dataset.id = m.id;
    li.dataset.at = m.created_at;
    li.dataset.author = m.author.handle;
    var meta = document.createElement("p");
    meta.className = "message-meta";
    var who = document.createElement("span");
    who.className = "handle";
    who.textContent = m.author.handle;
    var when = document.createElement("time");
    when.dateTime = m.created_at;
    when.dataset.format = "clock";
    when.textContent = timeLabel(m.created_at);
    meta.append(who, " ", when);
    var body = document.createElement("div");
    body.className = "message-body";
    body.innerHTML = m.body_html;  // sanitised by the server; the only HTML ever inserted
    li.append(meta, body);
    addActions(li, m.author.handle);
    return li;
  }

  // A run of messages from one member within five minutes shows the name once.
  function regroup(li) {
    [li, li.nextElementSibling].forEach(function (item) {
      if (!item || !item.classList.contains("message")) { return; }
      var before = item.previousElementSibling;
      var gap = before && before.dataset.at && item.dataset.at
        ? new Date(item.dataset.at) - new Date(before.dataset.at) : 0;
      var continued = !!before && before.classList.contains("message") && !!item.dataset.author &&
        before.dataset.author === item.dataset.author && gap < 300000;
      item.classList.toggle("is-continued", continued);
    });
  }

  // Flag, Block and Remove live in a small menu on each message, not under every one.
  function addActions(li, author) {
    var menu = document.createElement("details");
    menu.className = "menu message-menu";
    var summary = document.createElement("summary");
    summary.className = "menu-button";
    summary.setAttribute("aria-label", "Actions for this message from " + (author || "a deleted member"));
    summary.textContent = "\u22EF";
    var actions = document.createElement("div");
    actions.className = "menu-panel message-actions";
    menu.append(summary, actions);
    actions.addEventListener("click", function () { menu.open = false; });
    if (isModerator) {
      actions.append(button("Remove", function () {
        socket.emit("remove_message", {id: Number(li.dataset.id)}, function (a) {
          if (!a.ok) { say(status, a.error.message); }
        });
      }));
    }
    if (author && author !== me) {
      actions.append(button("Flag to the moderators", function () { showFlagForm(li); }));
      actions.append(button("Block " + author, function () { confirmBlock(li, author); }));
    }
    if (actions.children.length) { li.append(menu); }
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function showFlagForm(li) {
    if (li.querySelector("form.flag-form")) { return; }
    var form = document.createElement("form");
    form.className = "flag-form";
    var id = "flag-reason-" + li.dataset.id;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Why are you flagging this message?";
    var select = document.createElement("select");
    select.id = id;
    reasons.forEach(function (r) {
      var o = document.createElement("option");
      o.value = r;
      o.textContent = r;
      select.append(o);
    });
    var send = document.createElement("button");
    send.type = "submit";
    send.textContent = "Send to moderators";
    form.append(label, select, send);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      socket.emit("flag", {id: Number(li.dataset.id), reason: select.value}, function (a) {
        say(status, a.ok ? "Thank you. A moderator will look at it." : a.error.message);
        if (a.ok) { form.remove(); }
      });
    });
    li.append(form);
    select.focus();
  }

  function confirmBlock(li, author) {
    if (li.querySelector(".block-confirm")) { return; }
    var box = document.createElement("p");
    box.className = "block-confirm";
    box.append("Block " + author + "? You'll stop seeing each other's messages. ");
    var yes = button("Yes, block", function () {
      socket.emit("block", {handle: author}, function (a) {
        if (!a.ok) { say(status, a.error.message); box.remove(); return; }
        Array.prototype.forEach.call(list.querySelectorAll("li.message"), function (item) {
          if (item.dataset.author === author) { item.remove(); }
        });
        say(status, "You blocked " + author + ". You can undo this in your settings.");
      });
    });
    var no = button("Cancel", function () { box.remove(); });
    box.append(yes, " ", no);
    li.append(box);
    yes.focus();
  }

  function add(m, atTop) {
    if (seen[m.id]) { return; }
    var empty = document.getElementById("empty-note");
    if (empty) { empty.remove(); }
    var li = buildMessage(m);
    seen[m.id] = li;
    if (atTop) {
      list.insertBefore(li, list.firstChild);
      regroup(li);
    } else {
      var nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;
      list.append(li);
      regroup(li);
      if (waitingCard && waitingCard.messageId === m.id) {
        li.after(waitingCard.card);
        waitingCard = null;
      }
      if (nearBottom) { li.scrollIntoView({block: "nearest"}); }
    }
    lastId = Math.max(lastId, m.id);
    firstId = firstId === null ? m.id : Math.min(firstId, m.id);
  }

  // Who is here: the whole list from the answer to `join`, then `presence` updates, which carry
  // what changed ("joined", "left") and the "count", and the whole list only in small rooms.
  var PRESENT_LIST_MAX = 50;
  var here = {};
  var hereCount = 0;

  function showPresent(handles) {
    here = {};
    handles.forEach(function (h) { here[h] = true; });
    hereCount = handles.length;
    drawPresent();
  }

  function applyPresence(p) {
    if (p.present) { showPresent(p.present); return; }
    (p.joined || []).forEach(function (h) { here[h] = true; });
    (p.left || []).forEach(function (h) { delete here[h]; });
    hereCount = typeof p.count === "number" ? p.count : Object.keys(here).length;
    drawPresent();
  }

  function drawPresent() {
    var ul = document.getElementById("present");
    ul.replaceChildren();
    if (hereCount > PRESENT_LIST_MAX) {  // a long list helps nobody: say how many
      var many = document.createElement("li");
      many.textContent = hereCount + " members";
      ul.append(many);
      return;
    }
    Object.keys(here).sort(function (a, b) {
      return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
    }).forEach(function (h) {
      var li = document.createElement("li");
      li.textContent = h;
      ul.append(li);
    });
  }

  function showState(state) {
    var lockState = document.getElementById("room-lock-state");
    if (lockState) {
      say(lockState, state.locked ? "locked" : "open");
      say(document.getElementById("lock-toggle"), (state.locked ? "Unlock" : "Lock") + " the room");
      document.getElementById("slow-seconds").value = state.slow_mode_seconds;
    }
    root.dataset.locked = state.locked ? "yes" : "no";
    if (state.locked && !isModerator) { say(status, "This room is locked for now."); }
    else if (state.slow_mode_seconds > 0) { say(status, "Slow mode: one message every " + state.slow_mode_seconds + " seconds."); }
  }

  socket.on("connect", function () {
    say(connection, "Connected.");
    connection.dataset.state = "connected";
    socket.emit("join", {room: room}, function (a) {
      if (!a.ok) { say(connection, a.error.message); return; }
      var had = lastId;
      a.history.forEach(function (m) { add(m); });
      showPresent(a.present);
      showState(a);
      composer.hidden = false;
      if (isModerator) { document.getElementById("room-tools").hidden = false; }
      if (had) {  // fill any gap longer than the history a join returns
        socket.emit("catch_up", {room: room, after: had}, function (c) {
          if (c.ok) { c.messages.forEach(function (m) { add(m); }); }
        });
      }
    });
  });
  var signedOut = false;
  socket.on("disconnect", function () {
    if (signedOut) { say(connection, "Signed out."); connection.dataset.state = "disconnected"; return; }
    say(connection, "Connection lost. Reconnecting… nothing you have sent is lost.");
    connection.dataset.state = "disconnected";
  });
  socket.on("connect_error", function () {
    say(connection, "Can't connect right now. Trying again…");
    connection.dataset.state = "disconnected";
  });
  socket.on("message", function (m) {
    if (m.room !== room) { return; }
    add(m);
    if (typingLine.dataset.handle === m.author.handle) { say(typingLine, ""); }
  });
  socket.on("message_removed", function (e) {
    if (e.room === room && seen[e.id]) { seen[e.id].remove(); }
  });
  socket.on("presence", function (p) { if (p.room === room) { applyPresence(p); } });
  socket.on("room_state", function (s) { if (s.room === room) { showState(s); } });
  socket.on("notice", showNotice);

  function showNotice(n) {
    if (n.code === "crisis") {  // help for a post is beside the post, not in the chat
      if (n.room === room) { showCrisisCard(n); }
      return;
    }
    say(status, n.message);
    if (n.code === "signed_out") { signedOut = true; socket.disconnect(); composer.hidden = true; }
    if (n.code === "left_room" && n.room === room) { composer.hidden = true; }  // left its space
  }

  // --- Crisis help: a private card in the author's own stream, drawn by the server from the
  // member's crisis lines (the <template>s in room.html), kept until they hide it.
  var waitingCard = null;

  function showCrisisCard(n) {
    if (list.querySelector('.crisis-card[data-note="' + Number(n.id) + '"]')) { return; }
    var template = document.getElementById(n.emergency ? "crisis-emergency-template" : "crisis-card-template");
    if (!template) { return; }
    Array.prototype.forEach.call(list.querySelectorAll(".crisis-card"), function (old) { old.remove(); });
    var card = template.content.firstElementChild.cloneNode(true);
    var id = Number(n.id);
    card.dataset.note = String(id);
    var section = card.querySelector(".crisis-box");
    section.id = "crisis-help-" + id;
    section.dataset.crisisBox = String(id);
    section.setAttribute("aria-labelledby", section.id + "-title");
    section.querySelector("h2").id = section.id + "-title";
    card.querySelector("form.crisis-dismiss").action = "/me/crisis/" + id + "/dismiss";
    var after = seen[n.message_id];
    if (after) { after.after(card); } else if (n.message_id) {
      waitingCard = {messageId: n.message_id, card: card};
      list.append(card);
    } else { list.append(card); }
    wireDismiss(card);
    section.scrollIntoView({block: "nearest"});
  }

  function wireDismiss(card) {
    var form = card.querySelector("form.crisis-dismiss");
    if (!form) { return; }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      fetch("/api/v1/me/notifications/" + Number(card.dataset.note) + "/dismiss",
            {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": root.dataset.csrf}})
        .then(function (r) {
          if (!r.ok) { form.submit(); return; }
          card.remove();
          say(status, "Hidden. The lines are always under \u201cNeed help now?\u201d at the top of the page.");
          box.focus();  // back to the message box
        })
        .catch(function () { form.submit(); });
    });
  }

  Array.prototype.forEach.call(list.querySelectorAll(".crisis-card"), wireDismiss);
  socket.on("typing", function (t) {
    if (t.room !== room) { return; }
    say(typingLine, t.handle + " is typing…");
    typingLine.dataset.handle = t.handle;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { say(typingLine, ""); }, 3000);
  });

  function send() {
    var body = box.value;
    if (!body.trim()) { say(status, "Please write a message first."); return; }
    var submit = composer.querySelector("button[type=submit]");
    submit.disabled = true;
    say(status, "Sending…");
    socket.timeout(10000).emit("send", {room: room, body: body}, function (err, a) {
      submit.disabled = false;
      if (err) { say(status, "Not sent yet: the connection is slow. Your message is still in the box."); return; }
      if (!a.ok) { say(status, a.error.message); return; }
      if (box.value === body) { box.value = ""; }
      say(status, "");
      add(a.message);
      if (a.notice) { showNotice(a.notice); }
    });
  }

  composer.addEventListener("submit", function (e) { e.preventDefault(); send(); });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send(); }
  });
  box.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTypingSent > 2500 && socket.connected) {
      lastTypingSent = now;
      socket.emit("typing", {room: room}, function () {});
    }
  });

  document.getElementById("load-earlier").addEventListener("click", loadEarlier);
  window.addEventListener("scroll", function () { if (window.scrollY === 0) { loadEarlier(); } });
  var loading = false;
  function loadEarlier() {
    if (loading || firstId === null) { return; }
    loading = true;
    fetch("/api/v1/chat/rooms/" + encodeURIComponent(room) + "/messages?limit=50&before=" + firstId,
          {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var older = (data.messages || []).slice().reverse();
        older.forEach(function (m) { add(m, true); });
        if (!older.length) { say(document.getElementById("load-earlier"), "No earlier messages"); }
      })
      .finally(function () { loading = false; });
  }

  if (isModerator) {
    document.getElementById("lock-toggle").addEventListener("click", function () {
      socket.emit("lock", {room: room, locked: root.dataset.locked !== "yes"}, toolsAnswer);
    });
    document.getElementById("slow-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var seconds = Number(document.getElementById("slow-seconds").value);
      socket.emit("slow_mode", {room: room, seconds: seconds}, toolsAnswer);
    });
    document.getElementById("mute-form").addEventListener("submit", function (e) {
      e.preventDefault();
      socket.emit("mute", {room: room, handle: document.getElementById("mute-handle").value,
                           minutes: Number(document.getElementById("mute-minutes").value)}, toolsAnswer);
    });
  }
  function toolsAnswer(a) {
    say(document.getElementById("tools-status"), a.ok ? "Done." : a.error.message);
  }
}());
