// What the widget remembers between page loads: the socket.io session id, the
// messages shown, messages not yet sent, the text being typed, and whether the
// chat was open.
//
// Why sessionStorage and not localStorage: parents may use a shared or public
// computer. sessionStorage lives only in this browser tab and is gone when the
// tab is closed, so the next person on that computer does not see the
// conversation; a reload in the same tab keeps everything. If storage is not
// available (private modes, blocked storage) the widget works from memory.

const VERSION = 1;
const MAX_MESSAGES = 300;

export function emptyState() {
  // language: the one the person chose with the language button (null: the page's).
  return { version: VERSION, sessionId: null, messages: [], draft: "", open: false, nextId: 1, language: null };
}

export class Store {
  constructor(key) {
    this.key = `wegwijzer-chat:${key}`;
    this.state = this.load();
  }

  load() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.key) || "null");
      if (saved && saved.version === VERSION && Array.isArray(saved.messages)) return { ...emptyState(), ...saved };
    } catch {
      // unreadable or blocked storage: start fresh
    }
    return emptyState();
  }

  save() {
    this.state.messages = this.state.messages.slice(-MAX_MESSAGES);
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // storage full or blocked: the conversation still works, it just will not survive a reload
    }
  }

  reset() {
    // Ids keep counting: a late answer for an old message must never match a new one.
    this.state = { ...emptyState(), open: this.state.open, nextId: this.state.nextId, language: this.state.language };
    this.save();
  }

  addMessage(message) {
    const stored = { id: this.state.nextId++, time: new Date().toISOString(), ...message };
    this.state.messages.push(stored);
    this.save();
    return stored;
  }

  update(id, changes) {
    const message = this.state.messages.find((m) => m.id === id);
    if (message) Object.assign(message, changes);
    this.save();
    return message;
  }
}
