// The chat widget: launcher, panel, messages, quick replies, the emergency
// control, options (start over, download, print) and the connection state.

import { h, icon, ICONS, srOnly } from "./dom.js";
import { strings } from "./i18n.js";
import { formatMessage, cleanText } from "./format.js";
import { Store } from "./storage.js";
import { Connection } from "./connection.js";
import { EmergencyRoutes } from "./emergency.js";
import { transcriptText, downloadTranscript, clockTime } from "./transcript.js";
import { colorAsTextOnWhite, textColorOn } from "./options.js";
import { answerName, feedbackControl, showThanks } from "./feedback.js";

// A short network hiccup should not flash a warning.
const OFFLINE_GRACE_MS = 1200;
const RECONNECTED_NOTICE_MS = 4000;
const MAX_INPUT = 4000; // long stories are welcome; Rasa handles them
const COUNTER_FROM = 3500;

/** Bot payloads from Rasa's socket.io output channel, reduced to what we show. */
export function normalizeBotMessage(payload, attachmentLabel = "Bijlage") {
  if (typeof payload === "string") return { text: payload, quickReplies: [] };
  if (!payload || typeof payload !== "object") return null;
  const replies = Array.isArray(payload.quick_replies) ? payload.quick_replies : Array.isArray(payload.buttons) ? payload.buttons : [];
  const quickReplies = replies
    .filter((r) => r && typeof r.title === "string")
    .slice(0, 12)
    .map((r) => ({ title: cleanText(r.title).slice(0, 120), payload: cleanText(typeof r.payload === "string" ? r.payload : r.title).slice(0, MAX_INPUT) }));
  let text = typeof payload.text === "string" ? payload.text : "";
  if (!text && payload.custom && typeof payload.custom.text === "string") text = payload.custom.text;
  const attachment = payload.attachment && payload.attachment.payload;
  const source = attachment && (attachment.src || attachment.url);
  if (!text && typeof source === "string") text = `[${attachmentLabel}](${source})`;
  // Anything else (custom control payloads) has nothing to show a person.
  if (!text.trim() && !quickReplies.length) return null;
  const message = { text, quickReplies };
  // The id of an advisor's message (wegwijzer/pushes.py), to show it only once.
  if (typeof payload.push_id === "string") message.pushId = payload.push_id.slice(0, 80);
  // An answer's response name: the widget asks whether it was useful (feedback.js).
  const answer = answerName(payload);
  if (answer) message.answer = answer;
  return message;
}

export class ChatWidget {
  constructor(options) {
    this.store = new Store(options.assistantUrl || "unconfigured");
    // The person's choice (language button) outlives a reload; otherwise the page's language.
    this.options = this.store.state.language ? { ...options, lang: this.store.state.language } : options;
    this.t = strings(this.options.lang);
    this.emergency = new EmergencyRoutes(options.emergencyEndpoint);
    this.connection = new Connection(options.assistantUrl, {
      onReady: (sessionId) => this.onReady(sessionId),
      onOffline: () => this.onOffline(),
      onBotMessage: (payload) => this.onBotMessage(payload),
      seenPushes: () => this.store.state.messages.filter((m) => m.pushId).map((m) => m.pushId),
    });
    this.items = new Map(); // message id -> element
    this.attempts = new Map(); // message id -> number of the current send attempt
    this.feedbackSending = new Set(); // ids of messages whose verdict waits for Rasa's acknowledgement
    this.offlineTimer = null;
    this.wasOffline = false;
    this.build();
    this.restore();
  }

  // ---- building the interface ------------------------------------------------

  build() {
    const { t, options } = this;
    this.subtitleText = t.subtitle(options.municipality);

    this.unreadBadge = h("span", { class: "wwj-unread", hidden: true }, t.unread);
    this.launcher = h(
      "button",
      { type: "button", class: "wwj-launcher", "aria-expanded": "false", "aria-controls": "wwj-panel" },
      icon(ICONS.chat),
      h("span", {}, t.launcher),
      this.unreadBadge,
    );

    const privacyLink = h(
      "a",
      { href: options.privacyUrl, target: "_blank", rel: "noopener noreferrer", class: "wwj-privacy" },
      t.privacy,
      srOnly(t.newWindow),
    );
    this.closeButton = h("button", { type: "button", class: "wwj-icon-button wwj-close", "aria-label": t.close }, icon(ICONS.close));
    const header = h(
      "div",
      { class: "wwj-header" },
      h("div", { class: "wwj-heading" }, h("h2", { id: "wwj-title", class: "wwj-title" }, t.title), h("p", { class: "wwj-subtitle" }, this.subtitleText, " ", privacyLink)),
      this.closeButton,
    );

    this.helpButton = h("button", { type: "button", class: "wwj-help", "aria-expanded": "false", "aria-controls": "wwj-emergency" }, t.help);
    this.optionsButton = h("button", { type: "button", class: "wwj-options-button", "aria-expanded": "false", "aria-controls": "wwj-options" }, t.options);
    this.languageButton = h(
      "button",
      { type: "button", class: "wwj-options-button wwj-language", lang: t.otherLanguage, "aria-label": t.otherLanguageLabel },
      t.otherLanguageName,
    );
    const toolbar = h("div", { class: "wwj-toolbar" }, this.helpButton, this.languageButton, this.optionsButton);

    this.banner = h("div", { class: "wwj-banner", role: "alert" });
    this.log = h("div", { class: "wwj-log", role: "log", "aria-labelledby": "wwj-log-label", tabindex: "0" }, h("span", { id: "wwj-log-label", class: "wwj-sr" }, t.logLabel));
    this.typing = h("div", { class: "wwj-typing", hidden: true }, h("span", { class: "wwj-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")), srOnly(t.typing));

    this.emergencyBody = h("div", { class: "wwj-emergency-body", "aria-live": "polite" });
    this.emergencyNote = h("p", { class: "wwj-emergency-note", hidden: true }, t.helpFallback);
    this.emergencyBack = h("button", { type: "button", class: "wwj-secondary" }, t.helpBack);
    this.emergencyPanel = h(
      "section",
      { id: "wwj-emergency", class: "wwj-overlay wwj-emergency", "aria-labelledby": "wwj-emergency-title", tabindex: "-1", hidden: true },
      h("h3", { id: "wwj-emergency-title" }, t.helpTitle),
      this.emergencyBody,
      this.emergencyNote,
      this.emergencyBack,
    );

    this.restartButton = h("button", { type: "button", class: "wwj-option" }, t.restart);
    this.downloadButton = h("button", { type: "button", class: "wwj-option" }, t.download);
    this.printButton = h("button", { type: "button", class: "wwj-option" }, t.print);
    this.restartYes = h("button", { type: "button", class: "wwj-option wwj-danger" }, t.restartYes);
    this.restartNo = h("button", { type: "button", class: "wwj-option" }, t.restartNo);
    this.optionList = h("div", { class: "wwj-option-list" }, this.restartButton, this.downloadButton, this.printButton);
    this.restartConfirm = h("div", { class: "wwj-confirm", hidden: true }, h("p", { id: "wwj-restart-question" }, t.restartQuestion), this.restartYes, this.restartNo);
    this.optionsPanel = h(
      "section",
      { id: "wwj-options", class: "wwj-overlay wwj-options", "aria-label": t.options, hidden: true },
      this.optionList,
      this.restartConfirm,
    );

    this.input = h("textarea", {
      id: "wwj-input",
      class: "wwj-input",
      rows: "1",
      maxlength: String(MAX_INPUT),
      autocomplete: "off",
      "aria-describedby": "wwj-hint",
    });
    this.counter = h("p", { class: "wwj-counter", "aria-live": "polite" });
    this.sendButton = h("button", { type: "submit", class: "wwj-send" }, icon(ICONS.send), h("span", {}, t.send));
    this.form = h(
      "form",
      { class: "wwj-form", novalidate: true },
      h("label", { for: "wwj-input", class: "wwj-label" }, t.inputLabel),
      h("div", { class: "wwj-input-row" }, this.input, this.sendButton),
      h("p", { id: "wwj-hint", class: "wwj-hint" }, t.inputHint),
      this.counter,
    );

    this.printHeader = h("div", { class: "wwj-print-only" });
    this.body = h("div", { class: "wwj-body" }, this.banner, this.log, this.typing, this.emergencyPanel, this.optionsPanel);
    this.panel = h("section", { id: "wwj-panel", class: "wwj-panel", "aria-labelledby": "wwj-title", hidden: true }, header, toolbar, this.printHeader, this.body, this.form);

    this.root = h("aside", { class: "wwj-root", lang: options.lang, "aria-label": t.launcher }, this.panel, this.launcher);
    // CSS custom properties through the CSSOM: allowed under a strict Content-Security-Policy.
    this.root.style.setProperty("--wwj-primary", options.color);
    this.root.style.setProperty("--wwj-on-primary", textColorOn(options.color));
    this.root.style.setProperty("--wwj-primary-text", colorAsTextOnWhite(options.color));

    this.bindEvents();
    document.body.append(this.root);
  }

  bindEvents() {
    // Stay at the newest message when the log changes size (banner, a longer
    // input, the phone keyboard), unless the person scrolled up to read.
    this.atEnd = true;
    this.log.addEventListener("scroll", () => {
      this.atEnd = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 24;
    });
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => {
        if (this.atEnd) this.log.scrollTop = this.log.scrollHeight;
      }).observe(this.log);
    }
    this.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open({ focus: true })));
    this.closeButton.addEventListener("click", () => this.close());
    this.helpButton.addEventListener("click", () => this.toggleEmergency());
    this.emergencyBack.addEventListener("click", () => this.toggleEmergency(false));
    this.optionsButton.addEventListener("click", () => this.toggleOptions());
    this.languageButton.addEventListener("click", () => this.switchLanguage());
    this.restartButton.addEventListener("click", () => this.askRestart());
    this.restartNo.addEventListener("click", () => this.toggleOptions(false));
    this.restartYes.addEventListener("click", () => this.restart());
    this.downloadButton.addEventListener("click", () => this.download());
    this.printButton.addEventListener("click", () => this.print());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendFromInput();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendFromInput();
      }
    });
    this.input.addEventListener("input", () => {
      this.store.state.draft = this.input.value;
      this.store.save();
      this.autosize();
      this.updateCounter();
    });
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen()) {
        event.preventDefault();
        this.escape();
      }
    });
  }

  // ---- open, close, keyboard ---------------------------------------------------

  isOpen() {
    return !this.panel.hidden;
  }

  open({ focus }) {
    this.panel.hidden = false;
    this.unreadBadge.hidden = true;
    this.root.classList.add("wwj-is-open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.store.state.open = true;
    this.store.save();
    this.emergency.load(); // ready before anyone needs it
    this.connect();
    if (!this.store.state.messages.length) this.queue({ from: "user", text: this.options.startMessage, hidden: true });
    this.scrollToEnd();
    this.autosize();
    if (focus) this.input.focus();
  }

  close() {
    this.toggleEmergency(false, { restoreFocus: false });
    this.toggleOptions(false, { restoreFocus: false });
    this.panel.hidden = true;
    this.root.classList.remove("wwj-is-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.store.state.open = false;
    this.store.save();
    this.launcher.focus();
  }

  escape() {
    if (!this.optionsPanel.hidden) this.toggleOptions(false);
    else if (!this.emergencyPanel.hidden) this.toggleEmergency(false);
    else this.close();
  }

  toggleEmergency(show = this.emergencyPanel.hidden, { restoreFocus = true } = {}) {
    if (show === !this.emergencyPanel.hidden) return;
    this.emergencyPanel.hidden = !show;
    this.helpButton.setAttribute("aria-expanded", String(show));
    if (!show) {
      if (restoreFocus) this.helpButton.focus();
      return;
    }
    this.toggleOptions(false, { restoreFocus: false });
    if (!this.emergency.result) this.emergencyBody.replaceChildren(h("p", {}, this.t.helpLoading));
    this.emergency.load().then((result) => {
      // One route per paragraph: easier to find the right one in a hurry.
      const lines = result.text.split("\n").filter((line) => line.trim());
      this.emergencyBody.replaceChildren(...lines.map((line) => h("p", {}, formatMessage(line, this.t))));
      this.emergencyNote.hidden = result.fromDirectory;
    });
    this.emergencyPanel.focus();
  }

  toggleOptions(show = this.optionsPanel.hidden, { restoreFocus = true } = {}) {
    if (show === !this.optionsPanel.hidden) return;
    this.optionsPanel.hidden = !show;
    this.optionsButton.setAttribute("aria-expanded", String(show));
    this.restartConfirm.hidden = true;
    this.optionList.hidden = false;
    if (show) {
      this.toggleEmergency(false, { restoreFocus: false });
      this.restartButton.focus();
    } else if (restoreFocus) {
      this.optionsButton.focus();
    }
  }

  askRestart() {
    this.optionList.hidden = true;
    this.restartConfirm.hidden = false;
    this.restartNo.focus();
  }

  // ---- the conversation --------------------------------------------------------

  restore() {
    const { messages, draft, open } = this.store.state;
    // Sending or queued before the reload: send again once connected.
    for (const message of messages) if (message.status === "sending") message.status = "queued";
    for (const message of messages) this.render(message);
    this.refreshQuickReplies();
    this.input.value = draft || "";
    if (open) this.open({ focus: false });
    else if (messages.length) this.connect(); // keep receiving, e.g. an advisor's answer
  }

  connect() {
    if (!this.options.assistantUrl) {
      this.showBanner(this.t.offline);
      return;
    }
    this.connection.start(this.store.state.sessionId);
  }

  /** The other language: the widget's labels now, the assistant's answers from the next message. */
  switchLanguage() {
    const lang = this.t.otherLanguage;
    this.store.state.language = lang;
    this.store.save();
    this.options = { ...this.options, lang };
    this.t = strings(lang);
    this.root.remove();
    this.items.clear();
    this.build();
    this.restore();
    this.languageButton.focus();
  }

  metadata() {
    const data = { taal: this.options.lang };
    // Chosen with the button, or an English page: the assistant answers in it (wegwijzer/language.py).
    if (this.store.state.language || this.options.lang !== "nl") data.taal_keuze = this.options.lang;
    if (this.options.municipality) data.gemeente = this.options.municipality;
    if (this.options.role) data.rol = this.options.role;
    return data;
  }

  sendFromInput() {
    const text = this.input.value.trim();
    if (!text) {
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.store.state.draft = "";
    this.autosize();
    this.updateCounter();
    this.queue({ from: "user", text });
    this.input.focus();
  }

  sendQuickReply(reply) {
    this.queue({ from: "user", text: reply.title, payload: reply.payload });
    this.input.focus();
  }

  /** Every user message goes through the queue, so none is lost while offline. */
  queue(message) {
    const stored = this.store.addMessage({ ...message, status: "queued" });
    for (const m of this.store.state.messages) if (m.quickReplies && m.quickReplies.length) m.repliesDone = true;
    this.store.save();
    this.render(stored);
    this.refreshQuickReplies();
    this.scrollToEnd();
    this.flush();
  }

  flush() {
    for (const message of this.store.state.messages) {
      if (message.status !== "queued") continue;
      const attempt = (this.attempts.get(message.id) || 0) + 1;
      // Acknowledged (or timed out): done either way, the typing indicator stops.
      // A button's payload is Dutch whatever the language: it must not switch the answers' language.
      const metadata = message.payload ? { ...this.metadata(), knop: true } : this.metadata();
      const sent = this.connection.send(message.payload || message.text, metadata, () => {
        if (this.attempts.get(message.id) !== attempt) return; // an older attempt
        const current = this.store.state.messages.find((m) => m.id === message.id);
        if (current && current.status === "sending") this.setStatus(message.id, "sent");
      });
      if (!sent) break;
      this.attempts.set(message.id, attempt);
      this.setStatus(message.id, "sending");
    }
    this.updateTyping();
  }

  setStatus(id, status) {
    const message = this.store.update(id, { status });
    const item = this.items.get(id);
    if (item && message) item.classList.toggle("wwj-queued", status === "queued");
    this.updateTyping();
  }

  onReady(sessionId) {
    this.store.state.sessionId = sessionId;
    this.store.save();
    clearTimeout(this.offlineTimer);
    if (this.wasOffline) {
      this.wasOffline = false;
      this.showBanner(this.t.reconnected, "wwj-banner--ok");
      setTimeout(() => {
        if (!this.wasOffline && this.connection.ready) this.showBanner("");
      }, RECONNECTED_NOTICE_MS);
    }
    this.flush();
    this.flushFeedback();
  }

  onOffline() {
    // Not acknowledged before the connection dropped: send again after reconnecting.
    for (const message of this.store.state.messages) if (message.status === "sending") this.setStatus(message.id, "queued");
    this.feedbackSending.clear();
    this.updateTyping();
    clearTimeout(this.offlineTimer);
    this.offlineTimer = setTimeout(() => {
      if (this.connection.ready) return;
      this.wasOffline = true;
      this.showBanner(this.t.offline);
    }, OFFLINE_GRACE_MS);
  }

  onBotMessage(payload) {
    const message = normalizeBotMessage(payload, this.t.attachment);
    if (!message) return;
    // An advisor's message sent again after a reconnect: shown once.
    if (message.pushId && this.store.state.messages.some((m) => m.pushId === message.pushId)) return;
    const stored = this.store.addMessage({ from: "bot", ...message });
    // E.g. an advisor's answer while the chat is closed: say so on the launcher.
    if (!this.isOpen()) this.unreadBadge.hidden = false;
    this.render(stored);
    this.refreshQuickReplies();
    this.scrollToEnd(this.items.get(stored.id));
  }

  // ---- rendering ---------------------------------------------------------------

  render(message) {
    if (message.hidden) return;
    const { t } = this;
    const who = message.from === "user" ? t.you : t.bot;
    const time = clockTime(message.time, this.options.lang);
    const item = h(
      "div",
      { class: `wwj-message wwj-message--${message.from === "user" ? "user" : "bot"}`, "data-id": message.id },
      srOnly(t.saidBy(who, time) + " "),
      h("div", { class: "wwj-bubble", dir: "auto" }, formatMessage(message.text, t)),
      h("div", { class: "wwj-meta", "aria-hidden": "true" }, h("time", { datetime: message.time }, time)),
      message.from === "user" ? h("p", { class: "wwj-queued-note" }, t.queued) : null,
      message.from === "bot" && message.answer
        ? feedbackControl(message, t, (verdict) => this.giveFeedback(message.id, verdict))
        : null,
    );
    // "Not sent yet" only while offline; online, a queued message leaves at once.
    if (message.status === "queued" && !this.connection.ready) item.classList.add("wwj-queued");
    this.items.set(message.id, item);
    this.log.append(item);
  }

  /** "Was dit antwoord nuttig?": keep the choice with the message, thank, send (now or once connected). */
  giveFeedback(id, verdict) {
    const message = this.store.update(id, { feedback: { nuttig: verdict, sent: false } });
    const item = this.items.get(id);
    const control = item && item.querySelector(".wwj-feedback");
    if (control) showThanks(control, this.t);
    this.input.focus(); // the button is gone; back where the conversation goes on
    if (message) this.flushFeedback();
  }

  flushFeedback() {
    for (const message of this.store.state.messages) {
      if (!message.answer || !message.feedback || message.feedback.sent || this.feedbackSending.has(message.id)) continue;
      const sent = this.connection.sendFeedback(message.answer, message.feedback.nuttig, (received) => {
        this.feedbackSending.delete(message.id);
        if (received) this.store.update(message.id, { feedback: { ...message.feedback, sent: true } });
      });
      if (!sent) break;
      this.feedbackSending.add(message.id);
    }
  }

  /** Only the quick replies of the last bot message, and only before the person answered. */
  refreshQuickReplies() {
    for (const group of this.log.querySelectorAll(".wwj-quick")) group.remove();
    const messages = this.store.state.messages;
    const last = messages[messages.length - 1];
    if (!last || last.from !== "bot" || last.repliesDone || !(last.quickReplies || []).length) return;
    const item = this.items.get(last.id);
    if (!item) return;
    const group = h("div", { class: "wwj-quick", role: "group", "aria-label": this.t.quickReplies });
    for (const reply of last.quickReplies) {
      const button = h("button", { type: "button", class: "wwj-quick-reply" }, reply.title);
      button.addEventListener("click", () => this.sendQuickReply(reply));
      group.append(button);
    }
    item.append(group);
  }

  updateTyping() {
    const waiting = this.connection.ready && this.store.state.messages.some((m) => m.status === "sending");
    this.typing.hidden = !waiting;
    if (waiting) this.scrollToEnd();
  }

  showBanner(text, modifier = "") {
    this.banner.className = `wwj-banner ${modifier}`.trim();
    this.banner.textContent = text;
  }

  scrollToEnd(newItem) {
    if (newItem && newItem.offsetHeight > this.log.clientHeight) {
      this.log.scrollTop = newItem.offsetTop - this.log.offsetTop; // long answer: show its start
    } else {
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  updateCounter() {
    const length = this.input.value.length;
    this.counter.textContent = length >= COUNTER_FROM ? this.t.charactersLeft(MAX_INPUT - length) : "";
  }

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
  }

  // ---- options -----------------------------------------------------------------

  restart() {
    this.store.reset();
    this.attempts.clear();
    this.feedbackSending.clear();
    this.items.clear();
    this.log.replaceChildren(this.log.firstChild); // keep the hidden label
    this.input.value = "";
    this.toggleOptions(false, { restoreFocus: false });
    this.connection.restart();
    this.queue({ from: "user", text: this.options.startMessage, hidden: true });
    this.input.focus();
  }

  transcript() {
    return transcriptText(this.store.state.messages, this.t, this.options.lang, this.subtitleText);
  }

  download() {
    downloadTranscript(this.transcript(), this.t);
    this.toggleOptions(false);
  }

  print() {
    this.toggleOptions(false, { restoreFocus: false });
    this.printHeader.replaceChildren(
      h("p", { class: "wwj-print-title" }, this.t.transcriptTitle),
      h("p", {}, this.subtitleText),
      h("p", {}, this.t.transcriptSaved(new Date().toLocaleString(this.options.lang))),
    );
    window.print();
    this.optionsButton.focus();
  }
}
