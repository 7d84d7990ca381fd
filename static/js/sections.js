// A long form in sections (form[data-sections]): the list of sections at the top says which are
// answered, as the person goes. A section is answered when each of its questions is (the inputs
// Django marks `required`): a choice group has a choice, a box has text. Without script the list
// is still the sections' links, and the server still judges every answer on submit.
(function () {
  // true, false, or null for a section with no required question (nothing to answer).
  function answered(section) {
    const groups = {};
    for (const field of section.querySelectorAll("input[required], select[required], textarea[required]")) {
      if (field.type === "radio" || field.type === "checkbox") {
        groups[field.name] = groups[field.name] || field.checked;
      } else {
        groups[field.name] = field.value.trim() !== "";
      }
    }
    const states = Object.values(groups);
    return states.length === 0 ? null : states.every(Boolean);
  }

  for (const form of document.querySelectorAll("form[data-sections]")) {
    const progress = document.getElementById(form.dataset.sections);
    if (!progress) continue;
    const count = progress.querySelector("[data-sections-count]");
    const update = () => {
      let done = 0;
      let total = 0;
      for (const item of progress.querySelectorAll("[data-section]")) {
        const section = document.getElementById(item.dataset.section);
        const state = section === null ? null : answered(section);
        total += state === null ? 0 : 1;
        done += state ? 1 : 0;
        item.classList.toggle("lead-sections__item--done", state === true);
        item.querySelector("[data-section-state]").textContent =
          state === null ? "optional" : state ? "answered" : "to answer";
      }
      count.textContent = `${done} of ${total} sections answered`;
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
})();
