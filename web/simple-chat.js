// Minimal page that talks to the assistant over Rasa's REST channel.
// Everything is rendered as text (textContent), never as HTML.
(function () {
  const rasaUrl = (window.WEGWIJZER_CONFIG || {}).rasaUrl || "http://localhost:5005";
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const input = document.getElementById("message");
  const sender = localStorage.getItem("wegwijzer-sender") || crypto.randomUUID();
  localStorage.setItem("wegwijzer-sender", sender);

  function show(text, who) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.appendChild(div);
    div.scrollIntoView({ block: "end" });
    return div;
  }

  async function send(text) {
    show(text, "user");
    try {
      const response = await fetch(rasaUrl + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: text }),
      });
      const messages = await response.json();
      for (const message of messages) {
        if (message.text) show(message.text, "bot");
        for (const button of message.buttons || []) {
          const b = document.createElement("button");
          b.className = "quick";
          b.type = "button";
          b.textContent = button.title;
          b.addEventListener("click", () => send(button.payload));
          log.appendChild(b);
        }
      }
    } catch (error) {
      show("De assistent is nu niet bereikbaar. Probeer het zo nog eens. Bij gevaar: bel 112.", "bot");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
})();
