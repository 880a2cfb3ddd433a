// The crisis help box beside the author's own post: on the page they land on right after
// writing (role=alert, or the #crisis-help address), bring it into view and give it focus so
// a screen reader reads it first. Without this script the address alone scrolls to it.
(function () {
  "use strict";
  var box = document.getElementById("crisis-help");
  if (!box) { return; }
  var fresh = box.getAttribute("role") === "alert" || window.location.hash === "#crisis-help";
  if (!fresh) { return; }
  box.scrollIntoView({block: "start"});
  box.focus({preventScroll: true});
}());
