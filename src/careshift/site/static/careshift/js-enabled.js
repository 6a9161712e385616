// Marks the page as scripted before it is drawn, as NHS.UK frontend expects (its CSS keys off these
// classes). A file rather than an inline script, so the Content-Security-Policy needs no 'unsafe-inline'.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
