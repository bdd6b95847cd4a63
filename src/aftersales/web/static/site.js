// Send the page's CSRF token with every HTMX request (forms carry it as a hidden field).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});
