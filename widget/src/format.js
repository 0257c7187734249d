// Safe rendering of message text: everything is text, except a small subset
// that is turned into elements built by hand:
//   line breaks ("\n"), bold ("**bold**"), web links, e-mail addresses,
//   Markdown links "[label](https://...)" and Dutch phone numbers (tel: links).
// No HTML from a message is ever parsed, so nothing in it can run script.

import { h } from "./dom.js";

// Bidi overrides and control characters can disguise text; line breaks and tabs stay.
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
const MAX_LENGTH = 6000;

export function cleanText(value) {
  return String(value ?? "").replace(UNSAFE_CHARACTERS, "").slice(0, MAX_LENGTH);
}

/** Remove the formatting marks, for the downloaded transcript. */
export function plainText(value) {
  return cleanText(value).replace(/\*\*(.+?)\*\*/g, "$1").replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, "$1 ($2)");
}

// Each pattern: a global regex, the capture group holding the token, and a
// function make(token, strings, match) that returns a link element, or null
// to leave the token as text.
// A leading "boundary" group stands in for lookbehind, which older Safari lacks.
const PATTERNS = [
  { regex: /\[([^\]\n]{1,200})\]\(([^()\s]{1,2000})\)/g, group: 0, make: (_, t, m) => markdownLink(m[1], m[2], t) },
  { regex: /(^|[^\w.+-])([\w.+-]{1,64}@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?![\w@-])/gi, group: 2, make: (token) => emailLink(token) },
  { regex: /(?:https?:\/\/|www\.)[^\s<>"'`]+/gi, group: 0, make: (token, t) => webLink(token, t), trimsPunctuation: true },
  {
    regex: /(^|[^\w.@/-])((?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|info)(?:\/[^\s<>"'`]*)?)(?![\w@-])/gi,
    group: 2,
    make: (token, t) => webLink(token, t),
    trimsPunctuation: true,
  },
  {
    regex: /(^|[^\w+-])((?:0800|0900)[ -]?\d{4}(?:\d{3})?|14 ?0\d{2,3}|0\d{1,3}[ -]?\d{6,8}|11[23])(?![\w-])/g,
    group: 2,
    make: (token) => phoneLink(token),
  },
];

const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

function externalLink(href, label, t) {
  return h(
    "a",
    { href, target: "_blank", rel: "noopener noreferrer", class: "wwj-link" },
    label,
    h("span", { class: "wwj-sr" }, t.newWindow),
  );
}

function safeWebUrl(raw) {
  try {
    const url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function webLink(raw, t) {
  const href = safeWebUrl(raw);
  return href ? externalLink(href, raw, t) : null;
}

function emailLink(address) {
  return h("a", { href: `mailto:${address}`, class: "wwj-link" }, address);
}

/** Dutch numbers only: 10 digits, 0800/0900 service numbers, 14 + area code, the 3-digit crisis lines. */
export function phoneHref(text) {
  const digits = text.replace(/\D/g, "");
  const valid =
    /^11[23]$/.test(digits) ||
    /^140\d{2,3}$/.test(digits) ||
    /^0[89]00\d{4}(\d{3})?$/.test(digits) ||
    (/^0\d{9}$/.test(digits) && !/^0[89]00/.test(digits));
  return valid ? `tel:${digits}` : null;
}

function phoneLink(text) {
  const href = phoneHref(text);
  return href ? h("a", { href, class: "wwj-link wwj-tel" }, text) : null;
}

function markdownLink(label, target, t) {
  if (/^mailto:[\w.+-]+@[\w.-]+$/i.test(target)) return h("a", { href: target, class: "wwj-link" }, label);
  if (/^tel:\+?\d{3,15}$/i.test(target)) return h("a", { href: target, class: "wwj-link wwj-tel" }, label);
  const href = /^https?:\/\//i.test(target) ? safeWebUrl(target) : null;
  // A link we do not trust stays visible as plain text, so nothing is hidden.
  return href ? externalLink(href, label, t) : null;
}

/** The earliest match of any pattern in text from position `from`. */
function nextToken(text, from) {
  let best = null;
  for (const pattern of PATTERNS) {
    pattern.regex.lastIndex = from;
    const match = pattern.regex.exec(text);
    if (!match) continue;
    let token = match[pattern.group];
    const start = match.index + (pattern.group === 0 ? 0 : match[1].length);
    if (pattern.trimsPunctuation) token = token.replace(TRAILING_PUNCTUATION, "");
    if (!token) continue;
    if (!best || start < best.start) best = { start, token, match, pattern };
  }
  return best;
}

/** Text with links, as a list of nodes. */
function linkify(text, t) {
  const nodes = [];
  let position = 0;
  let searchFrom = 0;
  while (searchFrom < text.length) {
    const found = nextToken(text, searchFrom);
    if (!found) break;
    const link = found.pattern.make(found.token, t, found.match);
    if (!link) {
      searchFrom = found.start + Math.max(1, found.token.length);
      continue;
    }
    if (found.start > position) nodes.push(document.createTextNode(text.slice(position, found.start)));
    nodes.push(link);
    position = searchFrom = found.start + found.token.length;
  }
  if (position < text.length) nodes.push(document.createTextNode(text.slice(position)));
  return nodes;
}

/** One line: "**bold**" parts become <strong>, the rest plain; both get links. */
function formatLine(line, t) {
  const nodes = [];
  const parts = line.split(/\*\*(.+?)\*\*/g); // odd indexes are the bold parts
  parts.forEach((part, index) => {
    if (!part) return;
    const content = linkify(part, t);
    if (index % 2 === 1) nodes.push(h("strong", {}, content));
    else nodes.push(...content);
  });
  return nodes;
}

/** A DocumentFragment for a message text. t: the interface strings. */
export function formatMessage(text, t) {
  const fragment = document.createDocumentFragment();
  cleanText(text)
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (index > 0) fragment.append(document.createElement("br"));
      fragment.append(...formatLine(line, t));
    });
  return fragment;
}
