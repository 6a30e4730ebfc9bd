// The public site's only script: progressive enhancement of GOV.UK Frontend components.
// Every page works without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
