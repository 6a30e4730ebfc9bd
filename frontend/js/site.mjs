// The public site's only script: progressive enhancement of GOV.UK Frontend components
// and of survey questions that depend on earlier answers. Every page works without it.
import { initAll } from "./govuk-frontend.min.js";
import { initSurveyConditions } from "./survey-conditions.mjs";

initAll();
initSurveyConditions();
