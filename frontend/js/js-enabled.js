// Marks the page as having JavaScript before it is drawn, as GOV.UK Frontend expects.
// A file rather than inline code, so the Content-Security-Policy needs no nonce and a
// page from the cache stays valid.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
