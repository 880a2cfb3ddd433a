// Feedback where people look: after a redirect to #post-N (a reply posted, held, edited or
// flagged), the page opens at that post, far below the flash messages at the top. Show the same
// messages beside the post instead, in a status region screen readers announce. Without
// JavaScript the messages stay at the top.
(function () {
  "use strict";
  var match = /^#post-(\d+)$/.exec(location.hash);
  var flashes = document.querySelectorAll(".flash-region .flash");
  if (!match || !flashes.length) { return; }
  var node = document.getElementById("post-" + match[1]);
  var post = node && node.querySelector(".post");
  if (!post) { return; }
  var here = document.createElement("div");
  here.className = "flash-here";
  here.id = "feedback-here";
  here.setAttribute("role", "status");
  here.tabIndex = -1;
  post.parentNode.insertBefore(here, post);
  // Filled after insertion, so assistive technology hears the change.
  setTimeout(function () {
    Array.prototype.forEach.call(flashes, function (flash) { here.append(flash); });
    here.scrollIntoView({block: "start"});
    here.focus({preventScroll: true});
  }, 50);
}());
