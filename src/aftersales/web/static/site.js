// Send the page's CSRF token with every HTMX request (forms carry it as a hidden field).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});

// The header's menu is open as served (it works without scripts); on a phone's width it
// starts folded, so the page's own content comes first. Wide screens hide its summary.
(function () {
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia("(max-width: 47.99rem)").matches) { menu.open = false; }
})();
