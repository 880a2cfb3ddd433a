// The theme switch, in place: the header's form posts to /theme without JavaScript; here the
// same cookie is set and <html data-theme> changes at once, without a reload.
(function () {
  "use strict";
  var COOKIE = "theme";
  var YEAR = 365 * 24 * 3600;

  function remember(choice) {
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + choice + "; Max-Age=" + YEAR + "; Path=/; SameSite=Lax" + secure;
  }

  function apply(choice) {
    document.documentElement.setAttribute("data-theme", choice);
    remember(choice);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".theme-button");
    if (!button) { return; }
    event.preventDefault();
    apply(button.value);
    // Keep keyboard focus on the switch: move it to the button now showing in the same form.
    var other = button.form.querySelector(".theme-button:not([value='" + button.value + "'])");
    if (other) { other.focus(); }
  });
})();
