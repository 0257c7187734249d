// The review inbox: groups of messages the assistant missed, and a coordinator's
// decision per group. Everything from the server is shown with textContent, never as HTML.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const REASONS = {
    niet_begrepen: "Niet begrepen",
    vraag_terug: "De assistent vroeg door",
    niet_nuttig: "Antwoord niet nuttig genoemd",
  };
  // The replies that are no answer (wegwijzer/insight/names.py NOT_UNDERSTOOD and CLARIFYING).
  const REPLIES = {
    utter_fallback_onderwerpen: "onderwerpen aangeboden",
    utter_handoff_niet_begrepen: "een mens aangeboden",
    utter_default: "niet begrepen",
    "utter_faq/vervolgvraag": "gevraagd waar de vraag over gaat",
    utter_vraag_welke_organisatie: "gevraagd welke organisatie",
    utter_vraag_gemeente: "gevraagd welke gemeente",
  };
  const DONE = {
    toegewezen: (n, intent) => n + (n === 1 ? " bericht" : " berichten") + " toegewezen aan " + intent + ".",
    nieuwe_vraag: (n) => n + (n === 1 ? " bericht" : " berichten") + " bewaard als nieuwe vraag.",
    geen_vraag: (n) => n + (n === 1 ? " bericht" : " berichten") + " bewaard als geen vraag.",
  };
  const WHEN = new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
  let hints = new Map(); // target name -> the answer's first sentence

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function say(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "fout" : "";
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ credentials: "same-origin", headers: { "Content-Type": "application/json" } }, options || {}));
    if (response.status === 401) { window.location.href = "/desk/login"; throw new Error("login"); }
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    if (!response.ok) throw new Error(body.error || "Er ging iets mis. Probeer het opnieuw.");
    return body;
  }

  function answerText(answer) {
    if (!answer) return "";
    if (REPLIES[answer]) return "Reactie: " + REPLIES[answer];
    const hint = hints.get(answer);
    return "Antwoord: " + answer + (hint ? " (" + hint + ")" : "");
  }

  function itemNode(item) {
    const li = element("li", null, "item");
    const box = element("input");
    box.type = "checkbox";
    box.checked = true;
    box.id = "bericht-" + item.id;
    box.value = item.id;
    const meta = element("p", [WHEN.format(new Date(item.at)), item.reasons.map((r) => REASONS[r] || r).join(", "),
      answerText(item.answer)].filter(Boolean).join(" · "), "meta");
    meta.id = "bericht-" + item.id + "-info";
    box.setAttribute("aria-describedby", meta.id);
    const label = element("label", item.text || "(leeg bericht)");
    label.htmlFor = box.id;
    li.append(box, label, meta);
    return li;
  }

  function groupNode(group) {
    const id = "groep-" + group.id;
    const section = element("section", null, "group");
    section.setAttribute("aria-labelledby", id + "-titel");
    const count = group.items.length;
    const title = element("h2", "“" + (group.items[0].text || "(leeg bericht)") + "”" + (count > 1 ? " en " + (count - 1) + " die erop lijken" : ""));
    title.id = id + "-titel";
    title.tabIndex = -1;
    const fieldset = element("fieldset");
    fieldset.append(element("legend", count === 1 ? "Het bericht" : "De " + count + " berichten (vink uit wat er niet bij hoort)"));
    const list = element("ul", null, "cards");
    list.append(...group.items.map(itemNode));
    fieldset.append(list);

    const form = element("form", null, "decision");
    const field = element("div", null, "target");
    const label = element("label", "Hoort bij vraag of intent");
    const input = element("input");
    input.id = label.htmlFor = id + "-doel";
    input.setAttribute("list", "targets");
    input.autocomplete = "off";
    input.spellcheck = false;
    const help = element("p", "Typ een deel van de naam, bijvoorbeeld ‘ots’, en kies uit de lijst.", "help");
    help.id = id + "-uitleg";
    input.setAttribute("aria-describedby", help.id);
    field.append(label, input, help);
    const assign = element("button", "Toewijzen");
    assign.type = "submit";
    const newQuestion = element("button", "Nieuwe vraag", "secondary");
    newQuestion.type = "button";
    const noQuestion = element("button", "Geen vraag", "secondary");
    noQuestion.type = "button";
    form.append(field, assign, newQuestion, noQuestion);
    form.addEventListener("submit", (event) => { event.preventDefault(); decide(section, "toegewezen", input); });
    newQuestion.addEventListener("click", () => decide(section, "nieuwe_vraag", input));
    noQuestion.addEventListener("click", () => decide(section, "geen_vraag", input));
    section.append(title, fieldset, form);
    return section;
  }

  async function decide(section, decision, input) {
    const items = [...section.querySelectorAll("input[type=checkbox]:checked")].map((box) => Number(box.value));
    input.removeAttribute("aria-invalid");
    if (!items.length) { say("Vink eerst minstens één bericht aan.", true); return; }
    const intent = input.value.trim();
    if (decision === "toegewezen" && !hints.has(intent)) {
      input.setAttribute("aria-invalid", "true");
      say("Kies eerst een vraag of intent uit de lijst.", true);
      input.focus();
      return;
    }
    const groups = [...$("groups").children];
    const position = groups.indexOf(section);
    try {
      const done = await api("/desk/api/inbox/decisions", { method: "POST", body: JSON.stringify({ items, decision, intent }) });
      await load();
      say(DONE[done.decision](done.decided, done.intent));
      // Keyboard users go on with the group that is now in this place.
      const next = $("groups").children[Math.min(position, $("groups").children.length - 1)];
      (next ? next.querySelector("h2") : $("status")).focus();
    } catch (error) {
      say(error.message, true);
    }
  }

  async function load() {
    const inbox = await api("/desk/api/inbox");
    hints = new Map(inbox.targets.map((target) => [target.name, target.hint]));
    $("targets").replaceChildren(...inbox.targets.map((target) => {
      const option = element("option");
      option.value = target.name;
      if (target.hint) option.label = target.hint;
      return option;
    }));
    $("groups").replaceChildren(...inbox.groups.map(groupNode));
    $("empty").hidden = inbox.groups.length > 0;
    $("export-count").textContent = inbox.for_export
      ? inbox.for_export + " beoordeelde berichten wachten op een ontwikkelaar."
      : "";
    const messages = inbox.groups.reduce((n, group) => n + group.items.length, 0);
    say(messages ? messages + " berichten in " + inbox.groups.length + " groepen." : "");
  }

  $("status").tabIndex = -1;
  load().catch((error) => say(error.message, true));
})();
