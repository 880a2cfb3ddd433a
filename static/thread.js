// A thread page: new replies announced live with a "new replies" bar (loaded only when the
// reader asks, so the page never jumps), a reply form that opens in place under a post, quoting
// a selected passage, and a server preview. Post HTML comes from the server (the post card,
// rendered through the same sanitiser and visibility rules as the page); nothing a member wrote
// is ever inserted here as HTML except that. Without this script, everything works on reload.
(function () {
  "use strict";

  var section = document.getElementById("thread-posts");
  if (!section) { return; }
  var threadId = Number(section.dataset.threadId);
  var bar = document.getElementById("new-replies");
  var barButton = document.getElementById("new-replies-button");
  var form = document.getElementById("reply-form");
  var replyBox = document.querySelector(".reply-box");
  var waiting = [];

  function csrf() { return document.body.dataset.csrf || ""; }

  function onPage(postId) { return document.getElementById("post-" + postId) !== null; }

  // --- live replies ---------------------------------------------------------------------------

  function announce(data) {
    if (!data || data.thread_id !== threadId || onPage(data.post_id) ||
        waiting.indexOf(data.post_id) >= 0) { return; }
    waiting.push(data.post_id);
    barButton.textContent = waiting.length === 1 ? "1 new reply: show it"
      : waiting.length + " new replies: show them";
    bar.hidden = false;
  }

  function topList() {
    var list = section.querySelector("ol.posts");
    if (!list) {
      list = document.createElement("ol");
      list.className = "posts";
      var empty = section.querySelector(".empty");
      if (empty) { empty.remove(); }
      section.append(list);
    }
    return list;
  }

  function place(item) {
    var parentId = item.dataset.parentId;
    var parent = parentId ? document.getElementById("post-" + parentId) : null;
    if (parent) {
      var replies = parent.querySelector(":scope > ol.replies");
      if (!replies) {
        replies = document.createElement("ol");
        replies.className = "replies";
        parent.append(replies);
      }
      replies.append(item);
      return true;
    }
    if (parentId || section.dataset.lastPage !== "yes") { return false; }
    topList().append(item);
    return true;
  }

  function showWaiting() {
    var ids = waiting.splice(0, waiting.length);
    bar.hidden = true;
    var missed = 0;
    var chain = Promise.resolve();
    ids.forEach(function (postId) {
      chain = chain.then(function () {
        return fetch("/posts/" + postId + "/card", {credentials: "same-origin"})
          .then(function (answer) { return answer.ok ? answer.text() : ""; })
          .then(function (html) {
            if (!html || onPage(postId)) { return; }
            var holder = document.createElement("div");
            holder.innerHTML = html;  // the server's rendering of a post this reader may see
            var item = holder.querySelector("li.post-node");
            if (!item) { return; }
            item.classList.add("is-new");
            if (!place(item)) { missed += 1; return; }
            if (window.forumCommunity) { window.forumCommunity.localise(item); }
            addTools(item);
          });
      });
    });
    chain.then(function () {
      if (missed) {
        barButton.textContent = "More new replies are on another page: reload to see them";
        bar.hidden = false;
      }
    });
  }

  if (barButton) {
    barButton.addEventListener("click", function () {
      if (!waiting.length) { window.location.reload(); return; }
      showWaiting();
    });
  }

  function watch(socket) {
    if (!socket || section.dataset.live !== "yes") { return; }
    var join = function () {
      socket.emit("watch_thread", {thread_id: threadId}, function (answer) {
        section.dataset.watching = answer && answer.ok ? "yes" : "no";
      });
    };
    socket.on("connect", join);
    if (socket.connected) { join(); }
    socket.on("thread_post", announce);
  }

  // --- writing: reply in place, quote, preview ---------------------------------------------

  function parentField() {
    var field = form.querySelector("input[name=parent_id]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "parent_id";
      form.prepend(field);
    }
    return field;
  }

  function cancelButton() {
    var button = form.querySelector(".reply-cancel");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "secondary reply-cancel";
      button.textContent = "Cancel reply to this post";
      button.addEventListener("click", function () {
        parentField().value = "";
        replyBox.append(form);
        button.remove();
      });
      form.append(button);
    }
  }

  function replyUnder(item, postId) {
    parentField().value = String(postId);
    var article = item.querySelector(":scope > article");
    article.after(form);
    cancelButton();
    form.querySelector("textarea[name=body]").focus();
  }

  function quote(text) {
    var box = form.querySelector("textarea[name=body]");
    var lines = text.trim().split(/\r?\n/).map(function (line) { return "> " + line; });
    box.value = (box.value.trim() ? box.value.replace(/\s*$/, "\n\n") : "") +
      lines.join("\n") + "\n\n";
    box.dispatchEvent(new Event("input"));  // kept as a draft too
    box.focus();
  }

  function selectionIn(article) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return ""; }
    var range = selection.getRangeAt(0);
    var body = article.querySelector(".post-body");
    return body && body.contains(range.commonAncestorContainer) ? selection.toString() : "";
  }

  function addTools(item) {
    if (!form) { return; }
    var postId = Number(item.dataset.postId);
    var article = item.querySelector(":scope > article");
    var actions = article && article.querySelector(":scope > .post-actions");
    if (!actions || actions.dataset.tools === "yes") { return; }
    actions.dataset.tools = "yes";
    var replyLink = actions.querySelector("a[href*='/reply']");
    if (replyLink) {
      replyLink.addEventListener("click", function (event) {
        event.preventDefault();
        replyUnder(item, postId);
      });
    }
    var quoteItem = document.createElement("li");
    var quoteButton = document.createElement("button");
    quoteButton.type = "button";
    quoteButton.className = "link-button quote-button";
    quoteButton.textContent = "Quote selection";
    var selected = "";
    // Read the selection before the click takes it away.
    quoteButton.addEventListener("mousedown", function () { selected = selectionIn(article); });
    quoteButton.addEventListener("click", function () {
      var text = selected || selectionIn(article);
      selected = "";
      if (!text) {
        quoteButton.textContent = "Select some words in the post first";
        setTimeout(function () { quoteButton.textContent = "Quote selection"; }, 2500);
        return;
      }
      replyUnder(item, postId);
      quote(text);
    });
    quoteItem.append(quoteButton);
    actions.append(quoteItem);
  }

  function addPreview() {
    if (!form) { return; }
    var box = form.querySelector("textarea[name=body]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary preview-button";
    button.textContent = "Preview";
    var shown = document.createElement("div");
    shown.className = "preview post-body";
    shown.hidden = true;
    shown.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      fetch("/api/v1/preview", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
        body: JSON.stringify({body: box.value})
      }).then(function (answer) {
        return answer.json().then(function (data) { return {ok: answer.ok, data: data}; });
      }).then(function (result) {
        shown.hidden = false;
        if (result.ok) {
          shown.innerHTML = result.data.body_html;  // sanitised by the server
        } else {
          shown.textContent = (result.data.error && result.data.error.message) ||
            "The preview could not be made.";
        }
      }).catch(function () {
        shown.hidden = false;
        shown.textContent = "The preview could not be made right now.";
      });
    });
    box.after(button, shown);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(section.querySelectorAll("li.post-node"), addTools);
    addPreview();
    watch(window.forumCommunity && window.forumCommunity.socket);
  });
}());
