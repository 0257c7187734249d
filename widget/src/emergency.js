// The emergency routes for the "Ik heb nu hulp nodig" control. They come from
// the contact directory (GET <widget origin>/api/emergency-routes, the same
// text the assistant's action_noodhulp gives). Only when that server cannot be
// reached does the widget show its built-in minimum: the same two facts as the
// directory's own built-in fallback (wegwijzer/directory/routes.py).

const FALLBACK_TEXT = "Is er nu gevaar? Bel **112**.\nGeweld of kindermishandeling thuis? Bel Veilig Thuis: **0800-2000** (dag en nacht).";
const TIMEOUT_MS = 5000;

export class EmergencyRoutes {
  constructor(endpoint) {
    this.endpoint = endpoint;
    this.result = null;
    this.pending = null;
  }

  /** Resolves to {text, fromDirectory}; never rejects. */
  load() {
    if (this.result && this.result.fromDirectory) return Promise.resolve(this.result);
    if (this.pending) return this.pending;
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    const timer = setTimeout(() => controller && controller.abort(), TIMEOUT_MS);
    this.pending = fetch(this.endpoint, { signal: controller && controller.signal, credentials: "omit" })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((data) => {
        if (!data || typeof data.text !== "string" || !data.text.trim()) throw new Error("no routes");
        return { text: data.text, fromDirectory: true };
      })
      .catch(() => ({ text: FALLBACK_TEXT, fromDirectory: false }))
      .then((result) => {
        clearTimeout(timer);
        this.result = result;
        this.pending = null;
        return result;
      });
    return this.pending;
  }
}
