// Draft forms (form[data-draft-key]) are saved to the server by htmx as the officer types. This
// keeps a copy in the tab's sessionStorage too, so what is typed while the connection is down
// survives a reload and is sent as soon as the page is back. sessionStorage, not localStorage:
// the copy ends with the tab, and is removed when the form is submitted. A form without htmx (the
// screening) keeps only this copy: a reload or a dropped connection loses nothing.
(function () {
  function collect(form) {
    const values = {};
    for (const field of form.elements) {
      // Hidden fields are the page's own (the token, a formset's row counts), not what was typed.
      if (!field.name || field.type === "hidden" || field.type === "submit") continue;
      if (field.type === "checkbox") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (field.type === "radio") {
        if (field.checked) values[field.name] = field.value;
      } else {
        values[field.name] = field.value;
      }
    }
    return values;
  }

  function restore(form, values) {
    for (const field of form.elements) {
      if (!(field.name in values) || field.type === "hidden") continue;
      const value = values[field.name];
      if (field.type === "checkbox") field.checked = value.includes(field.value);
      else if (field.type === "radio") field.checked = value === field.value;
      else field.value = value;
    }
  }

  for (const form of document.querySelectorAll("form[data-draft-key]")) {
    const key = "lead-draft:" + form.dataset.draftKey;
    const kept = sessionStorage.getItem(key);
    if (kept) {
      restore(form, JSON.parse(kept));
      if (window.htmx) window.htmx.trigger(form, "change");  // send it to the server now
    }
    form.addEventListener("input", () => sessionStorage.setItem(key, JSON.stringify(collect(form))));
    form.addEventListener("change", () => sessionStorage.setItem(key, JSON.stringify(collect(form))));
    form.addEventListener("submit", () => sessionStorage.removeItem(key));
  }
})();
