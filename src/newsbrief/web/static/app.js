// Citations: clicking [n] opens the sentence's evidence box and highlights source n.
// Text is only ever moved around as DOM nodes the server escaped; nothing is parsed as HTML here.
(function () {
  "use strict";
  function show(button) {
    var box = document.getElementById("ev" + button.dataset.sentence);
    if (!box) { return; }
    var same = !box.hidden && box.dataset.active === button.dataset.source;
    document.querySelectorAll('.cite[data-sentence="' + button.dataset.sentence + '"]').forEach(function (b) {
      b.setAttribute("aria-expanded", "false");
      b.classList.remove("active");
    });
    if (same) {
      box.hidden = true;
      box.dataset.active = "";
      return;
    }
    box.hidden = false;
    box.dataset.active = button.dataset.source;
    button.setAttribute("aria-expanded", "true");
    button.classList.add("active");
    box.querySelectorAll("figure.source").forEach(function (fig) {
      fig.classList.toggle("active", fig.dataset.source === button.dataset.source);
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.cite") : null;
    if (button) { show(button); }
  });
})();
