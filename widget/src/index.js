// Entry point of the bundle web/dist/wegwijzer-chat.js. A municipality embeds
// the widget with one script tag; see options.js for the data attributes.
import css from "./widget.css";
import { readOptions } from "./options.js";
import { ChatWidget } from "./widget.js";

// Only defined while this script runs for the first time, so read it now.
const script = document.currentScript;

function addStyles() {
  // A constructed stylesheet needs no inline <style>, so a page with a strict
  // Content-Security-Policy (style-src 'self') still gets the widget's styles.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return;
  } catch {
    // older browsers: fall back to a <style> element
  }
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
}

function start() {
  if (window.WegwijzerChat) return; // embedded twice: one widget is enough
  addStyles();
  const widget = new ChatWidget(readOptions(script));
  window.WegwijzerChat = Object.freeze({
    open: () => widget.open({ focus: true }),
    close: () => widget.close(),
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
