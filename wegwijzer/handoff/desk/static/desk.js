// The advisor desk. Everything from the server is shown with textContent, never as HTML.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const LABELS = { taal: "Taal", rol: "Rol", kader: "Kader", maatregel: "Maatregel", gemeente: "Gemeente", behoefte: "Wat nodig is", vraag: "Vraag" };
  const CONSENT = {
    alles: "De persoon deelt de samenvatting en het gesprek.",
    samenvatting: "De persoon deelt alleen de samenvatting.",
    niets: "De persoon wil niets delen. Vraag zelf wat je kunt doen.",
  };
  const AUTHORS = { persoon: "Persoon", assistent: "Assistent", adviseur: "U", systeem: "Let op" };
  // An advisor's message counts as delivered only when the assistant confirmed it.
  const DELIVERY = { verzenden: "Wordt verstuurd…", afgeleverd: "Afgeleverd", niet_afgeleverd: "Niet afgeleverd" };
  let me = null;
  let current = null; // the conversation shown on the right

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function say(text) { $("status").textContent = text; }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ credentials: "same-origin", headers: { "Content-Type": "application/json" } }, options || {}));
    if (response.status === 401) { window.location.href = "/desk/login"; throw new Error("login"); }
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    if (!response.ok) { const error = new Error(body.error || "Er ging iets mis."); error.status = response.status; error.body = body; throw error; }
    return body;
  }

  function minutes(seconds) {
    const m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + String(s).padStart(2, "0");
  }

  function summaryLine(card) {
    const parts = ["taal", "rol", "kader", "maatregel", "gemeente", "behoefte"].map((k) => card.summary[k]).filter(Boolean);
    return parts.length ? parts.join(" · ") : "Geen samenvatting gedeeld";
  }

  function card(c, actions) {
    const li = element("li", null, c.urgent ? "card urgent" : "card");
    li.dataset.id = c.id;
    const title = c.status === "wachtend" ? "Wacht " + minutes(c.waiting_seconds) : (c.advisor ? c.advisor + " – " : "") + c.status;
    if (c.urgent) li.appendChild(element("strong", "Spoed: mogelijk gevaar", "urgent-label"));
    li.appendChild(element("strong", title));
    li.appendChild(element("p", summaryLine(c), "summary-line"));
    if (c.summary.vraag) li.appendChild(element("p", "Vraag: " + c.summary.vraag, "question"));
    for (const [label, handler] of actions) {
      const button = element("button", label);
      button.type = "button";
      button.addEventListener("click", handler);
      li.appendChild(button);
    }
    return li;
  }

  async function loadQueue() {
    const q = await api("/desk/api/queue");
    me = q.me;
    $("me").textContent = "Ingelogd als " + me.name + (me.role === "coordinator" ? " (coördinator)" : "");
    $("coordinator-links").hidden = me.role !== "coordinator"; // the pages refuse everyone else too
    $("accepting").checked = me.accepting;
    say(q.office_open ? q.present + " adviseur(s) beschikbaar." : "Buiten kantoortijden: mensen krijgen de AKJ-routes.");
    $("queue-count").textContent = q.waiting.length;
    $("queue-empty").hidden = q.waiting.length > 0;
    $("queue").replaceChildren(...q.waiting.map((c) => card(c, [["Aannemen", () => take(c.id)], ["Bekijken", () => show(c.id)]])));
    $("mine").replaceChildren(...q.mine.map((c) => card(c, [["Open", () => show(c.id)]])));
    if (!q.mine.length) $("mine").appendChild(element("li", "U heeft nu geen gesprek."));
    $("questions-count").textContent = q.open_questions;
    if (current && !q.waiting.concat(q.mine).some((c) => c.id === current.id) && current.status !== "afgesloten") {
      show(current.id).catch(() => {});
    }
  }

  function renderMessages(list, messages) {
    list.replaceChildren(...messages.map(messageItem));
  }

  function messageItem(m) {
    const li = element("li", null, "message " + m.author);
    li.dataset.id = m.id;
    li.appendChild(element("span", (AUTHORS[m.author] || m.author) + ": ", "author"));
    li.appendChild(element("span", m.text, "text"));
    if (m.delivery) {
      li.dataset.delivery = m.delivery;
      li.appendChild(element("span", DELIVERY[m.delivery] || m.delivery, "delivery " + m.delivery));
      if (m.delivery === "niet_afgeleverd") {
        const button = element("button", "Opnieuw versturen");
        button.type = "button";
        button.addEventListener("click", () => resend(m.id, button));
        li.appendChild(button);
      }
    }
    return li;
  }

  // Shows a message again with its newest delivery status (same place in the chat).
  function updateMessage(m) {
    const old = $("chat").querySelector('[data-id="' + m.id + '"]');
    if (old) old.replaceWith(messageItem(m)); else appendMessages(current.id, [m]);
  }

  async function resend(messageId, button) {
    if (!current) return;
    button.disabled = true;
    try {
      const body = await api("/desk/api/handoffs/" + encodeURIComponent(current.id) + "/messages/" + messageId + "/retry", { method: "POST", body: "{}" });
      updateMessage(body.message);
      say("Het bericht is afgeleverd.");
    } catch (error) {
      if (error.message === "login") return;
      if (error.body && error.body.message) updateMessage(error.body.message); else button.disabled = false;
      say(error.message);
    }
  }

  function render(detail) {
    current = detail;
    $("conversation").hidden = false;
    $("conversation-title").textContent = "Gesprek (" + detail.status + ")";
    $("conversation-state").textContent = CONSENT[detail.consent] || "";
    const dl = $("summary");
    dl.replaceChildren();
    for (const key of Object.keys(LABELS)) {
      if (!detail.summary[key]) continue;
      dl.appendChild(element("dt", LABELS[key]));
      dl.appendChild(element("dd", detail.summary[key]));
    }
    if (!dl.children.length) dl.appendChild(element("dd", "Geen samenvatting gedeeld."));
    $("transcript-note").textContent = detail.consent === "alles" ? "" : "De persoon gaf geen toestemming om dit gesprek te lezen.";
    renderMessages($("transcript"), detail.transcript);
    renderMessages($("chat"), detail.messages);
    const mineActive = detail.status === "actief" && me && detail.advisor_id === me.id;
    $("take").hidden = detail.status !== "wachtend";
    $("send-form").hidden = !mineActive;
    $("close").hidden = !(detail.status === "actief" && me && (mineActive || me.role === "coordinator"));
  }

  async function show(id) {
    try { render(await api("/desk/api/handoffs/" + encodeURIComponent(id))); }
    catch (error) { if (error.message !== "login") say(error.message); }
  }

  async function take(id) {
    try {
      render(await api("/desk/api/handoffs/" + encodeURIComponent(id) + "/take", { method: "POST", body: "{}" }));
      say("U chat nu met deze persoon.");
      $("message").focus();
      loadQueue();
    } catch (error) { if (error.message !== "login") say(error.message); }
  }

  $("take").addEventListener("click", () => current && take(current.id));

  $("send-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("message").value.trim();
    if (!text || !current) return;
    try {
      const body = await api("/desk/api/handoffs/" + encodeURIComponent(current.id) + "/messages", { method: "POST", body: JSON.stringify({ text }) });
      $("message").value = "";
      appendMessages(current.id, [body.message]);
    } catch (error) {
      if (error.message === "login") return;
      // Not delivered, but recorded: shown with "Opnieuw versturen".
      if (error.body && error.body.message) { $("message").value = ""; appendMessages(current.id, [error.body.message]); }
      say(error.message);
    }
  });

  $("message").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("send-form").requestSubmit(); }
  });

  $("close").addEventListener("click", async () => {
    if (!current) return;
    try {
      await api("/desk/api/handoffs/" + encodeURIComponent(current.id) + "/close", { method: "POST", body: "{}" });
      say("Het gesprek is teruggegeven aan de assistent.");
      await show(current.id);
      loadQueue();
    } catch (error) { if (error.message !== "login") say(error.message); }
  });

  $("accepting").addEventListener("change", async () => {
    await api("/desk/api/presence", { method: "POST", body: JSON.stringify({ accepting: $("accepting").checked }) });
  });

  $("load-history").addEventListener("click", async () => {
    const body = await api("/desk/api/history");
    $("history").replaceChildren(...body.handoffs.map((c) => card(c, [["Bekijken", () => show(c.id)]])));
    if (!body.handoffs.length) $("history").appendChild(element("li", "Nog geen gesprekken."));
  });

  $("load-questions").addEventListener("click", async () => {
    const body = await api("/desk/api/questions");
    $("questions").replaceChildren(...body.questions.map((q) => {
      const li = element("li", null, "card");
      li.appendChild(element("strong", new Date(q.at).toLocaleString("nl-NL") + (q.handled ? " (afgehandeld)" : "")));
      li.appendChild(element("p", q.question));
      li.appendChild(element("p", q.contact ? "Contact: " + q.contact : "Wil geen contact.", "contact"));
      if (!q.handled) {
        const button = element("button", "Afgehandeld");
        button.type = "button";
        button.addEventListener("click", async () => { await api("/desk/api/questions/" + q.id + "/handled", { method: "POST", body: "{}" }); $("load-questions").click(); });
        li.appendChild(button);
      }
      return li;
    }));
    if (!body.questions.length) $("questions").appendChild(element("li", "Geen vragen."));
  });

  function appendMessages(handoffId, messages) {
    if (!current || current.id !== handoffId) { say("Nieuw bericht in een ander gesprek."); return; }
    const chat = $("chat");
    for (const m of messages) {
      if (chat.querySelector('[data-id="' + m.id + '"]')) continue;
      chat.appendChild(messageItem(m));
    }
    chat.lastElementChild && chat.lastElementChild.scrollIntoView({ block: "end" });
  }

  // Live updates; an open desk page is what makes an advisor "present".
  let retry = 500;
  function connect() {
    const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/desk/ws");
    socket.addEventListener("open", () => { retry = 500; loadQueue().catch(() => {}); });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "queue") loadQueue().catch(() => {});
      if (data.type === "messages") appendMessages(data.handoff_id, data.messages);
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4401) { window.location.href = "/desk/login"; return; }
      say("Verbinding met de desk verbroken. Opnieuw verbinden...");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    });
  }

  setInterval(() => loadQueue().catch(() => {}), 15000);
  loadQueue().catch(() => {});
  connect();
})();
