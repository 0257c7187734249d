// Interface texts: the widget's own labels, short sentences at B1 level. The
// assistant's answers follow the language chosen here (metadata taal_keuze) or
// the language the person writes in.

const nl = {
  launcher: "Chat met Wegwijzer",
  title: "Wegwijzer Jeugdbescherming",
  subtitle: (municipality) =>
    municipality
      ? `Automatische assistent van de gemeente ${municipality}. Je praat met een computer, niet met een mens.`
      : "Automatische assistent. Je praat met een computer, niet met een mens.",
  privacy: "Privacyverklaring",
  newWindow: " (opent in een nieuw venster)",
  close: "Chat sluiten",
  help: "Ik heb nu hulp nodig",
  helpTitle: "Hulp nodig? Bel direct",
  helpLoading: "De nummers worden geladen…",
  helpFallback: "Dit zijn de vaste noodnummers. Meer nummers konden nu niet worden geladen.",
  helpBack: "Terug naar de chat",
  options: "Opties",
  restart: "Opnieuw beginnen",
  restartQuestion: "Wil je opnieuw beginnen? Het gesprek verdwijnt dan van dit scherm.",
  restartYes: "Ja, opnieuw beginnen",
  restartNo: "Nee, terug",
  download: "Gesprek downloaden",
  print: "Gesprek printen",
  logLabel: "Gesprek",
  you: "Jij",
  bot: "Wegwijzer",
  saidBy: (who, time) => `${who}, ${time}:`,
  inputLabel: "Typ je vraag",
  inputHint: "Typ geen namen, BSN of adres. Enter is versturen.",
  send: "Versturen",
  charactersLeft: (n) => (n > 0 ? `Nog ${n} tekens. Is je verhaal langer? Verstuur het in delen.` : "Je bericht is vol. Verstuur het, en typ daarna verder."),
  unread: "(nieuw bericht)",
  quickReplies: "Kies een antwoord",
  typing: "Wegwijzer schrijft een antwoord",
  offline:
    "Geen verbinding met de assistent. We proberen het steeds opnieuw. Wat je typt, raak je niet kwijt: het wordt verstuurd zodra het weer werkt.",
  reconnected: "De verbinding is terug.",
  queued: "Nog niet verstuurd. Dit gaat vanzelf als er weer verbinding is.",
  unsupported: "Dit bericht kan hier niet worden getoond.",
  attachment: "Bijlage openen",
  // Under an answer (feedback.js); each button's name says what it rates.
  feedbackQuestion: "Was dit antwoord nuttig?",
  feedbackYes: "Ja",
  feedbackNo: "Nee",
  feedbackYesLabel: "Ja, dit antwoord was nuttig",
  feedbackNoLabel: "Nee, dit antwoord was niet nuttig",
  feedbackThanks: "Bedankt voor je reactie.",
  transcriptTitle: "Gesprek met Wegwijzer Jeugdbescherming",
  transcriptSaved: (date) => `Bewaard op ${date}. Dit gesprek is met een automatische assistent gevoerd.`,
  fileName: "gesprek-wegwijzer",
  // The language button shows the other language, in that language.
  otherLanguage: "en",
  otherLanguageName: "English",
  otherLanguageLabel: "Switch to English",
};

const en = {
  ...nl,
  launcher: "Chat with Wegwijzer",
  subtitle: (municipality) =>
    municipality
      ? `Automated assistant of the municipality of ${municipality}. You are talking to a computer, not a person.`
      : "Automated assistant. You are talking to a computer, not a person.",
  privacy: "Privacy statement",
  newWindow: " (opens in a new window)",
  close: "Close chat",
  help: "I need help now",
  helpTitle: "Need help? Call now",
  helpLoading: "Loading the numbers…",
  helpFallback: "These are the fixed emergency numbers. More numbers could not be loaded right now.",
  helpBack: "Back to the chat",
  options: "Options",
  restart: "Start over",
  restartQuestion: "Do you want to start over? The conversation will disappear from this screen.",
  restartYes: "Yes, start over",
  restartNo: "No, go back",
  download: "Download conversation",
  print: "Print conversation",
  logLabel: "Conversation",
  you: "You",
  inputLabel: "Type your question",
  inputHint: "Do not type names, citizen service number (BSN) or address. Enter sends.",
  send: "Send",
  charactersLeft: (n) => (n > 0 ? `${n} characters left. Longer story? Send it in parts.` : "Your message is full. Send it, then type on."),
  unread: "(new message)",
  quickReplies: "Choose an answer",
  typing: "Wegwijzer is writing an answer",
  offline:
    "No connection to the assistant. We keep trying. You will not lose what you type: it is sent as soon as it works again.",
  reconnected: "The connection is back.",
  queued: "Not sent yet. It is sent automatically when the connection is back.",
  unsupported: "This message cannot be shown here.",
  attachment: "Open attachment",
  feedbackQuestion: "Was this answer useful?",
  feedbackYes: "Yes",
  feedbackNo: "No",
  feedbackYesLabel: "Yes, this answer was useful",
  feedbackNoLabel: "No, this answer was not useful",
  feedbackThanks: "Thank you for your feedback.",
  transcriptTitle: "Conversation with Wegwijzer Jeugdbescherming",
  transcriptSaved: (date) => `Saved on ${date}. This conversation was with an automated assistant.`,
  fileName: "conversation-wegwijzer",
  otherLanguage: "nl",
  otherLanguageName: "Nederlands",
  otherLanguageLabel: "Naar het Nederlands",
};

const LANGUAGES = { nl, en };

export function strings(lang) {
  return LANGUAGES[lang] || nl;
}

export function supportedLanguage(lang) {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, lang) ? lang : "nl";
}
