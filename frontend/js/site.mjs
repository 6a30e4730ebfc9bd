// The public site's only script: progressive enhancement of GOV.UK Frontend components
// and of survey questions that depend on earlier answers. Every page works without it.
import { initAll } from "./govuk-frontend.min.js";
import { initSurveyConditions } from "./survey-conditions.mjs";

initAll();
initSurveyConditions();

// A survey on a page the site may serve from its cache carries no submission key: each
// visitor's browser makes its own here, so sending the same form twice stores it once
// and no two residents share one (without it, the site makes the key; see
// consultation_blocks/views/surveys.py).
for (const input of document.querySelectorAll('input[name="submission_key"]')) {
  if (!input.value && window.crypto && crypto.randomUUID) {
    input.value = crypto.randomUUID();
  }
}
