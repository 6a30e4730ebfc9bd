// Hides a survey question until the answer it depends on is given. Without this
// script every question shows with a note saying when to answer it, and the server
// applies the same rule (consultation_blocks/surveys.py, Survey.is_shown). Answers are
// compared by their values (option ids), never by their labels, which are translated:
// a condition naming no option is never met, as on the server.

function chosenValues(form, fieldName) {
  return [...form.querySelectorAll(`[name="${CSS.escape(fieldName)}"]`)]
    .filter((input) => input.checked)
    .map((input) => input.value);
}

function update(form) {
  for (const question of form.querySelectorAll("[data-condition-field]")) {
    const wantedValue = question.dataset.conditionValue;
    const controller = form.querySelector(
      `[name="${CSS.escape(question.dataset.conditionField)}"]`,
    );
    const controllerQuestion = controller && controller.closest(".app-question");
    const controllerShown = !controllerQuestion || !controllerQuestion.hidden;
    const shown =
      controllerShown &&
      Boolean(wantedValue) &&
      chosenValues(form, question.dataset.conditionField).includes(wantedValue);
    question.hidden = !shown;
    const note = question.querySelector(".app-question__condition");
    if (note) note.hidden = true;
  }
}

// A radio's conditional content (the name to publish under "Yes, with my name") is
// shown only while that radio is chosen; without this script it is always shown.
// GOV.UK's own reveal marks radios aria-expanded, which ARIA does not allow on a radio
// (and it acts on any radio with aria-controls, so none is set here).
function initRadioReveals(form) {
  for (const input of form.querySelectorAll("input[type=radio][data-app-reveal]")) {
    const target = document.getElementById(input.dataset.appReveal);
    if (!target) continue;
    const sync = () => target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    for (const other of form.querySelectorAll(`input[type=radio][name="${CSS.escape(input.name)}"]`)) {
      other.addEventListener("change", sync);
    }
    sync();
  }
}

export function initSurveyConditions(root = document) {
  for (const form of root.querySelectorAll("form.app-survey__form")) initRadioReveals(form);
  for (const form of root.querySelectorAll("form.app-survey__form")) {
    if (!form.querySelector("[data-condition-field]")) continue;
    form.addEventListener("change", () => update(form));
    update(form);
  }
}
