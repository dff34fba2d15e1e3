// Remember the browser's time zone so times show in the viewer's zone by default.
(function () {
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf("tz=" + tz) === -1) {
      document.cookie = "tz=" + tz + ";path=/;max-age=31536000;samesite=lax";
    }
  } catch (e) { /* old browser: UTC it is */ }
})();

// Apply a language-checker suggestion to the textarea it was made for, when the text still matches.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-apply]");
  if (!button) return;
  var area = document.getElementById(button.dataset.target);
  if (!area) return;
  var start = parseInt(button.dataset.start, 10), end = parseInt(button.dataset.end, 10);
  var value = area.value.replace(/\r\n/g, "\n");
  if (value.slice(start, end) !== button.dataset.expect) {
    button.textContent = "The text changed; re-checking…";
  } else {
    area.value = value.slice(0, start) + button.dataset.replacement + value.slice(end);
  }
  area.dispatchEvent(new Event("input", { bubbles: true }));
  area.focus();
});
