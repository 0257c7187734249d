// Demo page only: the "Start de chat" buttons open the embedded widget.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-open-chat]");
  if (button && window.WegwijzerChat) window.WegwijzerChat.open();
});
