// "Show only if" in the survey editor: the earlier question and its answer are chosen
// from lists rather than typed. The block stores ids in two text inputs
// (…-condition-question and …-condition-option); this script hides them behind two
// selects filled, each time they are opened, from the questions above in the same
// survey as the editor shows them now, saved or not (every new block and option gets
// its id in the browser). The server checks the same choices
// (blocks/survey.py, QuestionStreamBlock.clean).
(function () {
  "use strict";

  const QUESTION_SUFFIX = "-value-condition-question";
  let kinds = null;

  function conditionKinds() {
    if (kinds === null) {
      const data = document.getElementById("cb-condition-kinds");
      kinds = data ? JSON.parse(data.textContent) : {};
    }
    return kinds;
  }

  function byName(name) {
    return document.querySelector(`[name="${CSS.escape(name)}"]`);
  }

  function isDeleted(prefix) {
    const deleted = byName(`${prefix}-deleted`);
    return Boolean(deleted && deleted.value);
  }

  // Children of a stream or list: their prefixes in the order the editor shows them.
  function childPrefixes(parentPrefix) {
    const pattern = new RegExp(`^${parentPrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)-id$`);
    const prefixes = [];
    for (const input of document.querySelectorAll(`input[name^="${CSS.escape(parentPrefix)}-"][name$="-id"]`)) {
      const match = input.name.match(pattern);
      if (match) {
        const prefix = `${parentPrefix}-${match[1]}`;
        if (!isDeleted(prefix)) prefixes.push(prefix);
      }
    }
    return prefixes;
  }

  function optionsOf(prefix, kind) {
    const fixed = conditionKinds()[kind];
    if (Array.isArray(fixed)) return fixed;
    const options = [];
    for (const option of childPrefixes(`${prefix}-value-options`)) {
      const label = byName(`${option}-value`);
      const id = byName(`${option}-id`);
      if (label && id && id.value && label.value.trim()) options.push([id.value, label.value.trim()]);
    }
    const other = byName(`${prefix}-value-allow_other`);
    if (other && other.checked) options.push(["other", "Other"]);
    return options;
  }

  // The questions above the one whose condition input is `input`, with answers to choose.
  function earlierQuestions(input) {
    const streamPrefix = input.name.slice(0, -QUESTION_SUFFIX.length).replace(/-\d+$/, "");
    const ownPrefix = input.name.slice(0, -QUESTION_SUFFIX.length);
    const questions = [];
    for (const prefix of childPrefixes(streamPrefix)) {
      if (prefix === ownPrefix) break;
      const kind = (byName(`${prefix}-type`) || {}).value;
      if (!(kind in conditionKinds())) continue;
      const id = byName(`${prefix}-id`).value;
      const label = (byName(`${prefix}-value-label`) || {}).value || "";
      questions.push({ id, label: label.trim() || "(a question with no wording yet)", prefix, kind });
    }
    return questions;
  }

  function fill(select, choices, current, blank) {
    select.replaceChildren(new Option(blank, ""));
    let found = !current;
    for (const [value, label] of choices) {
      select.add(new Option(label, value, false, value === current));
      if (value === current) found = true;
    }
    if (!found) select.add(new Option("(no longer in this survey: choose again)", current, false, true));
  }

  // A condition written as text before it was chosen from lists (a question's short
  // name and the answer's wording, kept in hidden inputs): preselect what it names, as
  // the site already reads it; saving stores the choice.
  function linkTextCondition(questionInput, optionInput) {
    if (questionInput.value) return;
    const base = questionInput.name.replace(/-question$/, "");
    const key = (byName(`${base}-question_key`) || {}).value || "";
    const answer = ((byName(`${base}-answer`) || {}).value || "").trim().toLowerCase();
    if (!key) return;
    const question = earlierQuestions(questionInput).find(
      (q) => (byName(`${q.prefix}-value-key`) || {}).value === key,
    );
    const option = question && optionsOf(question.prefix, question.kind).find(
      ([, label]) => label.trim().toLowerCase() === answer,
    );
    if (option) {
      questionInput.value = question.id;
      optionInput.value = option[0];
    }
  }

  function enhance(questionInput) {
    if (questionInput.dataset.cbConditionChooser) return;
    const optionInput = byName(questionInput.name.replace(/-question$/, "-option"));
    if (!optionInput) return;
    questionInput.dataset.cbConditionChooser = "on";
    linkTextCondition(questionInput, optionInput);
    const questionSelect = document.createElement("select");
    const optionSelect = document.createElement("select");
    questionSelect.id = `${questionInput.id}-chooser`;
    optionSelect.id = `${optionInput.id}-chooser`;
    for (const [input, select] of [
      [questionInput, questionSelect],
      [optionInput, optionSelect],
    ]) {
      const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      if (label) label.htmlFor = select.id;
      input.type = "hidden";
      input.after(select);
    }

    function refreshQuestions() {
      const questions = earlierQuestions(questionInput);
      fill(questionSelect, questions.map((q) => [q.id, q.label]), questionInput.value, "Always show this question");
      return questions;
    }
    function refreshOptions() {
      const chosen = earlierQuestions(questionInput).find((q) => q.id === questionInput.value);
      const options = chosen ? optionsOf(chosen.prefix, chosen.kind) : [];
      fill(optionSelect, options, optionInput.value, chosen ? "Choose an answer" : "Choose a question first");
      optionSelect.disabled = !questionInput.value;
    }
    questionSelect.addEventListener("focus", refreshQuestions);
    questionSelect.addEventListener("mousedown", refreshQuestions);
    optionSelect.addEventListener("focus", refreshOptions);
    optionSelect.addEventListener("mousedown", refreshOptions);
    questionSelect.addEventListener("change", () => {
      questionInput.value = questionSelect.value;
      optionInput.value = "";
      refreshOptions();
    });
    optionSelect.addEventListener("change", () => {
      optionInput.value = optionSelect.value;
    });
    refreshQuestions();
    refreshOptions();
  }

  function enhanceAll() {
    for (const input of document.querySelectorAll(`input[name$="${QUESTION_SUFFIX}"]`)) enhance(input);
  }

  function start() {
    enhanceAll();
    new MutationObserver(enhanceAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
