// A mentor conversation, live: the page joins its conversation's channel (Socket.IO namespace
// /chat, event `watch_conversation`) and, when a message arrives (`conversation_message`), fetches
// it drawn by the server (/conversation-messages/<id>/card: the stored, screened text, only for
// the pair) and adds it at the end. When either ends the conversation (`conversation_ended`) the
// message box goes. Without this script the page works by form posts and reloads.
(function () {
  "use strict";
  var log = document.getElementById("conversation-log");
  if (!log || log.dataset.ended === "yes") { return; }
  var conversationId = Number(log.dataset.conversation);
  var said = document.getElementById("conversation-live");
  var chain = Promise.resolve();  // one message at a time, so they stay in order

  function onPage(messageId) {
    return document.getElementById("message-" + messageId) !== null;
  }

  function add(messageId) {
    chain = chain.then(function () {
      if (onPage(messageId)) { return; }
      return fetch("/conversation-messages/" + messageId + "/card", {credentials: "same-origin"})
        .then(function (answer) { return answer.ok ? answer.text() : ""; })
        .then(function (html) {
          if (!html || onPage(messageId)) { return; }
          var holder = document.createElement("ol");
          holder.innerHTML = html;  // the server's rendering of a message of this conversation
          var item = holder.querySelector("li");
          if (!item) { return; }
          var empty = log.querySelector(".conversation-empty");
          if (empty) { empty.remove(); }
          log.append(item);
          if (window.forumCommunity) { window.forumCommunity.localise(item); }
          var author = item.querySelector(".post-meta");
          if (said && author) { said.textContent = "New message: " + author.textContent; }
        }).catch(function () { /* a reload shows it */ });
    });
  }

  function ended() {
    var open = document.getElementById("conversation-open");
    var notice = document.getElementById("conversation-ended");
    if (open) { open.hidden = true; }
    if (notice) { notice.hidden = false; }
    if (said) { said.textContent = "This conversation has ended."; }
  }

  function watch(socket) {
    if (!socket) { return; }
    var join = function () {
      socket.emit("watch_conversation", {conversation_id: conversationId}, function (answer) {
        log.dataset.watching = answer && answer.ok ? "yes" : "no";
      });
    };
    socket.on("connect", join);
    if (socket.connected) { join(); }
    socket.on("conversation_message", function (event) {
      if (event && event.conversation_id === conversationId) { add(Number(event.message_id)); }
    });
    socket.on("conversation_ended", function (event) {
      if (event && event.conversation_id === conversationId) { ended(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    watch(window.forumCommunity && window.forumCommunity.socket);
  });
}());
