// On every page: times shown in the reader's own time zone, the header's notification count kept
// live, and drafts forgotten at logout. The server renders each time as
// <time datetime="...Z">, in UTC, and the page works as it is without this script.
(function () {
  "use strict";

  var MINUTE = 60 * 1000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
  var DRAFT_PREFIX = "forum-draft:";
  var full = new Intl.DateTimeFormat(undefined, {day: "numeric", month: "short", year: "numeric",
                                                 hour: "2-digit", minute: "2-digit"});
  var clock = new Intl.DateTimeFormat(undefined, {hour: "2-digit", minute: "2-digit"});
  var weekday = new Intl.DateTimeFormat(undefined, {weekday: "long", hour: "2-digit",
                                                    minute: "2-digit"});

  // "just now", "5 minutes ago", "3 hours ago" for the last day; the date and time after that.
  // data-format="clock" (chat messages) always shows the hour and minute, so history and live
  // messages read alike for the same minute; data-format="weekday" (the next meeting) the day
  // of the week and the time.
  function label(when, format, now) {
    if (format === "clock") { return clock.format(when); }
    if (format === "weekday") { return weekday.format(when); }
    var ago = now - when;
    if (ago < -MINUTE || ago >= DAY) { return full.format(when); }
    if (ago < MINUTE) { return "just now"; }
    if (ago < HOUR) {
      var minutes = Math.floor(ago / MINUTE);
      return minutes + (minutes === 1 ? " minute ago" : " minutes ago");
    }
    var hours = Math.floor(ago / HOUR);
    return hours + (hours === 1 ? " hour ago" : " hours ago");
  }

  function localise(root) {
    var now = Date.now();
    Array.prototype.forEach.call((root || document).querySelectorAll("time[datetime]"),
      function (element) {
        var when = new Date(element.getAttribute("datetime"));
        if (isNaN(when)) { return; }
        element.textContent = label(when, element.dataset.format, now);
        element.title = full.format(when);
        element.dataset.localised = "yes";
      });
  }

  function forgetDrafts() {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf(DRAFT_PREFIX) === 0) { localStorage.removeItem(key); }
      });
    } catch (e) { /* storage may be off: then there are no drafts to forget */ }
  }

  // Drafts: the body of a form marked data-draft-key is kept in this browser as it is typed,
  // put back after a reload, and cleared once the form is sent (and at logout). It is never
  // sent anywhere by this script.
  function keepDrafts(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("form[data-draft-key]"),
      function (form) {
        var box = form.querySelector("textarea[name=body]");
        if (!box || form.dataset.drafting === "yes") { return; }
        form.dataset.drafting = "yes";
        var key = DRAFT_PREFIX + form.dataset.draftKey;
        try {
          var saved = localStorage.getItem(key);
          if (saved && !box.value) { box.value = saved; }
        } catch (e) { return; }
        box.addEventListener("input", function () {
          try {
            if (box.value.trim()) { localStorage.setItem(key, box.value); }
            else { localStorage.removeItem(key); }
          } catch (e) { /* full or off: the text stays in the box */ }
        });
        form.addEventListener("submit", function () {
          try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
        });
      });
  }

  // The header draws the count more than once (the wide bar, the menu, the bell on phones).
  function showUnread(count) {
    document.querySelectorAll(".nav-unread-count").forEach(function (number) {
      number.textContent = String(count);
    });
    document.querySelectorAll(".nav-unread").forEach(function (box) { box.hidden = count < 1; });
  }

  // One light connection for signed-in pages (the chat room page has its own).
  function connect() {
    var body = document.body;
    if (body.dataset.member !== "yes" || typeof io !== "function" ||
        document.getElementById("chat")) { return null; }
    var socket = io("/chat", {auth: {csrf_token: body.dataset.csrf},
                              transports: ["websocket", "polling"]});
    socket.on("notification_count", function (data) {
      if (data && typeof data.unread === "number") { showUnread(data.unread); }
    });
    socket.on("connect", function () { body.dataset.live = "connected"; });
    socket.on("notice", function (data) {
      if (data && data.code === "signed_out") { socket.close(); }
    });
    return socket;
  }

  window.forumCommunity = {localise: localise, label: label, draftPrefix: DRAFT_PREFIX,
                           keepDrafts: keepDrafts,
                           forgetDrafts: forgetDrafts, socket: null};

  document.addEventListener("DOMContentLoaded", function () {
    localise(document);
    keepDrafts(document);
    setInterval(function () { localise(document); }, MINUTE);
    document.querySelectorAll(".logout-form").forEach(function (logout) {
      logout.addEventListener("submit", forgetDrafts);
    });
    window.forumCommunity.socket = connect();
    document.dispatchEvent(new CustomEvent("forum:live", {detail: window.forumCommunity.socket}));
  });
}());
