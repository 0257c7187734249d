// The connection to Rasa's socket.io channel (credentials.yml: user_uttered /
// bot_uttered, session_persistence). socket.io-client reconnects by itself;
// this class adds the Rasa session handshake and a clear online/offline state.
//
// Messages are only emitted after Rasa confirmed the session: with
// session_persistence, Rasa answers into the room of the session id, which
// this socket joins with session_request. (socket.io's own send buffer would
// flush before that handshake, and answers would be lost.)

import { io } from "socket.io-client";

const ACK_TIMEOUT_MS = 60000;

export class Connection {
  /**
   * handlers: onReady(sessionId), onOffline(), onBotMessage(payload), seenPushes() -> [push ids]
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.sessionId = null;
    this.ready = false;
    this.socket = null;
  }

  start(sessionId) {
    this.sessionId = sessionId;
    if (this.socket) {
      if (!this.socket.connected && !this.socket.active) this.socket.connect();
      return;
    }
    this.socket = io(this.url, {
      path: "/socket.io",
      // WebSocket first (no cross-origin polling needed), polling if a proxy blocks it.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 4000,
      randomizationFactor: 0.3,
      timeout: 8000,
    });
    const socket = this.socket;
    // seen_pushes: the advisor's messages already shown; the server sends the
    // ones this widget missed while it was not connected (wegwijzer/pushes.py).
    socket.on("connect", () =>
      socket.emit("session_request", { session_id: this.sessionId, seen_pushes: this.handlers.seenPushes() }),
    );
    socket.on("session_confirm", (confirmed) => {
      const id = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
      if (!id) return;
      this.sessionId = id;
      this.ready = true;
      this.handlers.onReady(id);
    });
    socket.on("bot_uttered", (payload) => this.handlers.onBotMessage(payload));
    socket.on("connect_error", () => this.goOffline());
    socket.on("disconnect", (reason) => {
      this.goOffline();
      // After a server-side disconnect socket.io does not retry by itself.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
    });
  }

  goOffline() {
    this.ready = false;
    this.handlers.onOffline();
  }

  /** A new conversation: leave the old session's room by reconnecting with a new id. */
  restart() {
    this.ready = false;
    this.sessionId = null;
    if (this.socket) {
      this.socket.disconnect();
      this.socket.connect();
    }
  }

  /**
   * Emit one user message; false when not connected. done() runs when Rasa
   * has handled it (socket.io acknowledges after all answers were sent) or
   * after ACK_TIMEOUT_MS without a sign.
   */
  send(text, metadata, done) {
    if (!this.ready) return false;
    // Rasa reads "metadata" (credentials.yml metadata_key); "customData" is what
    // rasa-webchat sends, for deployments configured with that key.
    const data = { message: text, session_id: this.sessionId, metadata, customData: metadata };
    this.socket.timeout(ACK_TIMEOUT_MS).emit("user_uttered", data, () => done());
    return true;
  }

  /**
   * The person's verdict on an answer ("ja" or "nee"; wegwijzer/feedback.py), for
   * the conversation of this socket; false when not connected. done(received):
   * true when the server acknowledged it.
   */
  sendFeedback(answer, verdict, done) {
    if (!this.ready) return false;
    this.socket.timeout(ACK_TIMEOUT_MS).emit("feedback", { antwoord: answer, nuttig: verdict }, (error) => done(!error));
    return true;
  }
}
