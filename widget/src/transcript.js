// The conversation for one's own records: a plain-text download, and printing
// (widget.css has print rules that show only the conversation).

import { plainText } from "./format.js";

function clock(iso, lang) {
  const date = new Date(iso);
  return isNaN(date) ? "" : date.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
}

export function transcriptText(messages, t, lang, subtitle) {
  const now = new Date();
  const lines = [t.transcriptTitle, subtitle, t.transcriptSaved(now.toLocaleString(lang)), ""];
  for (const message of messages) {
    if (message.hidden) continue;
    const who = message.from === "user" ? t.you : t.bot;
    lines.push(`[${clock(message.time, lang)}] ${who}:`);
    lines.push(plainText(message.text), "");
  }
  return lines.join("\n");
}

export function downloadTranscript(text, t) {
  const blob = new Blob([text], { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${t.fileName}-${new Date().toISOString().slice(0, 10)}.txt`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function clockTime(iso, lang) {
  return clock(iso, lang);
}
