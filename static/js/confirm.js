/* Ask before an irreversible action (issue #17, item 1).

   A form, or a submit/plain button, with data-confirm="<translated sentence with the count>"
   opens the page's <dialog id="jx-confirm"> first; only "confirm" lets the action go on.
   data-confirm-ok names the confirming button ("Withdraw", "Publish"); a "{n}" in the text is
   replaced by the number of elements matching data-confirm-count (a CSS selector), for forms
   whose count depends on what is ticked; data-confirm-unless (a selector inside the form, such
   as a ticked "only check" box) skips the question when it matches. Cancel has the focus (Enter on a stray key press
   does nothing harmful), Escape cancels, and the focus returns to the button afterwards.
   Plain buttons handled by other scripts (the chief judge's console) are caught in the
   capture phase and clicked again once confirmed. */
(function () {
  "use strict";

  var dialog = document.getElementById("jx-confirm");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var text = document.getElementById("jx-confirm-text");
  var ok = document.getElementById("jx-confirm-ok");
  var okDefault = ok.textContent;
  var pending = null;

  function message(source) {
    var raw = source.dataset.confirm || "";
    var selector = source.dataset.confirmCount;
    if (!selector) { return raw; }
    return raw.split("{n}").join(String(document.querySelectorAll(selector).length));
  }

  function ask(source, trigger, proceed) {
    text.textContent = message(source);
    ok.textContent = source.dataset.confirmOk || okDefault;
    ok.classList.toggle("btn-danger", source.dataset.confirmTone !== "primary");
    ok.classList.toggle("btn-primary", source.dataset.confirmTone === "primary");
    pending = { trigger: trigger, proceed: proceed };
    dialog.showModal();
    document.getElementById("jx-confirm-cancel").focus();
  }

  function finish(go) {
    var job = pending;
    pending = null;
    if (dialog.open) { dialog.close(); }
    if (!job) { return; }
    // Act inside the click itself: a key press that outlives the dialog must not ask again.
    if (go) { job.proceed(); return; }
    if (job.trigger && document.contains(job.trigger)) { job.trigger.focus(); }
  }

  ok.addEventListener("click", function (event) { event.preventDefault(); finish(true); });
  document.getElementById("jx-confirm-cancel").addEventListener("click", function (event) {
    event.preventDefault();
    finish(false);
  });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); finish(false); });

  // Forms: the form's own data-confirm, or the one on the button that submits it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var source = submitter && submitter.dataset.confirm ? submitter :
      (form.dataset.confirm ? form : null);
    if (!source) { return; }
    if (source.dataset.confirmUnless && form.querySelector(source.dataset.confirmUnless)) { return; }
    if (form.dataset.jxConfirmed === "1") { delete form.dataset.jxConfirmed; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(source, submitter, function () {
      form.dataset.jxConfirmed = "1";
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    });
  }, true);

  // Buttons that act by script (no form submission).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
    if (!button || button.type === "submit" || button.disabled) { return; }
    if (button.dataset.jxConfirmed === "1") { delete button.dataset.jxConfirmed; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(button, button, function () {
      // Disabled while the dialog was open (the console drew a new flag): a click would not
      // be dispatched, and a flag left set would let the next click through unasked.
      if (button.disabled) { return; }
      button.dataset.jxConfirmed = "1";
      button.click();
    });
  }, true);
}());
