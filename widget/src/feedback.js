// "Was dit antwoord nuttig? Ja / Nee" under an answer. The channel names an
// answer on its last part (`antwoord`, wegwijzer/feedback.py); greetings, the
// crisis routes, an advisor's messages and the intake's questions carry no name,
// so they get no question. Optional, one click, no free text. The choice is kept
// with the message (storage.js), so it survives a reload.

import { h } from "./dom.js";

const ANSWER_NAME = /^utter_faq\/[a-z0-9_]{1,80}$/;
const NOT_AN_ANSWER = "utter_faq/vervolgvraag"; // the question asked back

/** The answer's response name from a bot payload, or undefined. */
export function answerName(payload) {
  const name = payload && payload.antwoord;
  return typeof name === "string" && ANSWER_NAME.test(name) && name !== NOT_AN_ANSWER ? name : undefined;
}

/**
 * The question and its two buttons, or the thanks once the person chose.
 * onChoose("ja" | "nee") runs on a click; showThanks(control) then swaps the
 * buttons for the thanks, announced by the status region that was there already.
 */
export function feedbackControl(message, t, onChoose) {
  const thanks = h("p", { class: "wwj-feedback-thanks", role: "status" }, message.feedback ? t.feedbackThanks : "");
  const control = h("div", { class: "wwj-feedback" });
  if (!message.feedback) {
    const questionId = `wwj-feedback-${message.id}`;
    const choice = (verdict, label, name) => {
      const button = h("button", { type: "button", class: "wwj-feedback-button", "aria-label": name }, label);
      button.addEventListener("click", () => onChoose(verdict));
      return button;
    };
    control.append(
      h(
        "div",
        { class: "wwj-feedback-question", role: "group", "aria-labelledby": questionId },
        h("span", { id: questionId }, t.feedbackQuestion),
        choice("ja", t.feedbackYes, t.feedbackYesLabel),
        choice("nee", t.feedbackNo, t.feedbackNoLabel),
      ),
    );
  }
  control.append(thanks);
  return control;
}

export function showThanks(control, t) {
  const question = control.querySelector(".wwj-feedback-question");
  if (question) question.remove();
  control.querySelector(".wwj-feedback-thanks").textContent = t.feedbackThanks;
}
