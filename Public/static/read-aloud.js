// "Read it to me" on a children's survey: reads the question and its answers aloud with the
// browser's own speech (the Web Speech API), where the browser has it. Nothing is sent to any
// service. Without speech, or without JavaScript, the button stays hidden and the page works
// as before.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var buttons = document.querySelectorAll("button.read-aloud[data-read]");
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-read"));
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var parts = Array.prototype.map.call(target.querySelectorAll(".speak"), function (part) {
        return part.textContent.trim();
      });
      var utterance = new window.SpeechSynthesisUtterance(parts.join(". "));
      utterance.lang = document.documentElement.lang || "en-GB";
      utterance.rate = 0.9;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
    });
  });
})();
