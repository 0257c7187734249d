// Tiny DOM builder. The widget never parses HTML strings: every string from a
// person, a bot response or the page ends up in a text node, so nothing it
// contains can become markup or script.

const SVG_NS = "http://www.w3.org/2000/svg";

/** h("button", {type: "button", class: "x"}, "label", childNode) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (/^on/i.test(name) || name === "style") throw new Error(`h(): attribute ${name} is not allowed`);
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return parent;
}

/** Decorative icon from a list of SVG path strings; hidden from screen readers. */
export function icon(paths, className = "wwj-icon") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", className);
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

export const ICONS = {
  chat: ["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"],
  close: ["M6 6l12 12M18 6L6 18"],
  send: ["M3 20l18-8L3 4v6l12 2-12 2z"],
};

/** Text only screen readers hear (visually hidden, still in the accessibility tree). */
export function srOnly(text) {
  return h("span", { class: "wwj-sr" }, text);
}
