// The embed: one script tag with data attributes, e.g.
//   <script src="https://wegwijzer.example/dist/wegwijzer-chat.js" defer
//           data-assistant-url="https://assistent.example"   (Rasa server; required)
//           data-municipality="Amersfoort"                   (sent to the assistant as metadata)
//           data-role="professional"                          (optional preset role)
//           data-color="#1f4e8c"                              (main colour; text colour is chosen for contrast)
//           data-lang="nl"                                    (nl or en, the widget's own labels)
//           data-privacy-url="/privacy.html"></script>        (optional; default: on the widget's server)
import { supportedLanguage } from "./i18n.js";

const DEFAULT_COLOR = "#1f4e8c";
const ROLES = ["ouder", "jongere", "professional", "omstander"];

function hexColor(value) {
  const text = String(value || "").trim();
  if (/^#[0-9a-f]{6}$/i.test(text)) return text.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(text)) return `#${[...text.slice(1)].map((c) => c + c).join("")}`.toLowerCase();
  return null;
}

function httpUrl(value, base) {
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

export function readOptions(script) {
  const data = (script && script.dataset) || {};
  const scriptUrl = httpUrl(script && script.src, window.location.href) || new URL(window.location.href);
  const widgetOrigin = scriptUrl.origin;
  const fallbackAssistant = (window.WEGWIJZER_CONFIG || {}).rasaUrl;
  const assistant = httpUrl(data.assistantUrl || fallbackAssistant || "", window.location.href);
  const municipality = String(data.municipality || "").trim().slice(0, 80);
  const role = ROLES.includes(data.role) ? data.role : "";
  const privacy = httpUrl(data.privacyUrl || "/privacy.html", widgetOrigin + "/");
  return {
    assistantUrl: assistant ? assistant.origin + assistant.pathname.replace(/\/$/, "") : null,
    municipality,
    role,
    lang: supportedLanguage(String(data.lang || document.documentElement.lang || "nl").slice(0, 2).toLowerCase()),
    color: hexColor(data.color) || DEFAULT_COLOR,
    privacyUrl: privacy ? privacy.href : `${widgetOrigin}/privacy.html`,
    emergencyEndpoint: `${widgetOrigin}/api/emergency-routes`,
    startMessage: String(data.startMessage || "Hallo").slice(0, 200),
  };
}

// WCAG relative luminance and contrast ratio.
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

/** White or black text, whichever reads better on the municipality's colour (always >= 4.5:1). */
export function textColorOn(background) {
  return contrast(background, "#ffffff") >= contrast(background, "#000000") ? "#ffffff" : "#000000";
}

/** The municipality's colour as text on white, when it is dark enough (4.5:1); else near-black. */
export function colorAsTextOnWhite(color) {
  return contrast(color, "#ffffff") >= 4.5 ? color : "#1a1a1a";
}
