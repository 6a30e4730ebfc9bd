// A manual save ("Save draft", "Submit to …", "Publish") waits for an autosave that is
// still running, and no autosave starts once a manual save has begun.
//
// Wagtail 8.0 checks that an autosave is up to date before it validates and writes, and
// a manual save does not wait for it. An autosave still running on the server when the
// editor clicks "Save draft" can therefore be written after the manual save and become
// the latest revision, with the form as it was when the autosave began: a question
// added just before holds no label, and "Submit" then fails with "This field is
// required". Upstream: the check-then-write race is described in wagtail/wagtail pull
// request #13749 (https://github.com/wagtail/wagtail/pull/13749, closed unmerged), and
// autosave follow-ups are tracked in wagtail/wagtail issue #13863
// (https://github.com/wagtail/wagtail/issues/13863). Remove this file once Wagtail makes
// a manual save wait for, or supersede, a running autosave.
//
// Only Wagtail's public surface is used: the w-autosave:save, :success and :error events
// on the editor form, and the controller's `active` value as a data attribute.
(() => {
  const EDIT_FORM = 'form[data-edit-form]';
  // Never hold a manual save for longer than this, whatever happens to the autosave.
  const LONGEST_WAIT_MS = 30000;

  let autosaveRunning = false;
  let autosaveEnded = [];

  const endAutosave = () => {
    autosaveRunning = false;
    autosaveEnded.splice(0).forEach((resolve) => resolve());
  };

  document.addEventListener('w-autosave:save', (event) => {
    if (!event.target.matches(EDIT_FORM)) return;
    // Another listener may still cancel the save; look once they have all run.
    setTimeout(() => {
      if (!event.defaultPrevented) autosaveRunning = true;
    });
  });
  document.addEventListener('w-autosave:success', (event) => {
    if (event.target.matches(EDIT_FORM)) endAutosave();
  });
  document.addEventListener('w-autosave:error', (event) => {
    if (event.target.matches(EDIT_FORM)) endAutosave();
  });

  const autosaveHasEnded = () =>
    Promise.race([
      new Promise((resolve) => autosaveEnded.push(resolve)),
      new Promise((resolve) => setTimeout(resolve, LONGEST_WAIT_MS)),
    ]);

  const submitAgain = (form, submitter) => {
    if (submitter && !submitter.disabled) {
      form.requestSubmit(submitter);
      return;
    }
    // Wagtail disables a button once it shows its progress spinner, and a disabled
    // button sends no name: carry the action ("action-submit" and so on) over by hand.
    if (submitter && submitter.name) {
      const action = document.createElement('input');
      action.type = 'hidden';
      action.name = submitter.name;
      action.value = submitter.value;
      form.append(action);
    }
    form.requestSubmit();
  };

  // Capturing on the document runs before Wagtail's own listeners on the form.
  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!form.matches(EDIT_FORM)) return;
      // The page reloads after a manual save: nothing should be autosaved behind it.
      form.setAttribute('data-w-autosave-active-value', 'false');
      if (!autosaveRunning) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      autosaveHasEnded().then(() => submitAgain(form, event.submitter));
    },
    true,
  );
})();
