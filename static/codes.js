// Recovery codes: copy to the clipboard, download as a text file (a Blob, never sent anywhere),
// or print (the print stylesheet in forum.css leaves only the codes on the page).
(function () {
  "use strict";
  var list = document.getElementById("recovery-codes");
  var actions = document.getElementById("codes-actions");
  if (!list || !actions) { return; }
  var status = document.getElementById("codes-status");

  function asText() {
    var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (c) { return c.textContent; });
    return list.dataset.site + " recovery codes for " + list.dataset.handle + "\n" +
      "Each code works once. Keep them private.\n\n" + codes.join("\n") + "\n";
  }

  function say(text) { status.textContent = text; }

  document.getElementById("codes-copy").addEventListener("click", function () {
    if (!navigator.clipboard) { say("Copying isn't available here: please select the codes and copy them."); return; }
    navigator.clipboard.writeText(asText()).then(
      function () { say("Copied. Paste them somewhere private, like a password manager."); },
      function () { say("Couldn't copy: please select the codes and copy them."); });
  });

  document.getElementById("codes-download").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([asText()], {type: "text/plain"}));
    var link = document.createElement("a");
    link.href = url;
    link.download = "recovery-codes-" + list.dataset.handle + ".txt";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say("Downloaded as a text file. Keep it somewhere private.");
  });

  document.getElementById("codes-print").addEventListener("click", function () { window.print(); });
  actions.hidden = false;
}());
