// Motivation worksheets: add and remove rows in the decisional balance's boxes.
//
// Saving is drafts.js's job (the forms are marked data-draft-form): it reads the form when it sends,
// so rows added or removed here go with it, and while there is no connection the words stay on this
// open page only. Nothing here is stored in the browser. Without JavaScript the forms work as plain
// forms, with two spare rows in each box.
(function () {
  "use strict";

  // Rows of a balance box: renumber labels so each still says which item it is.
  function renumber(list) {
    var title = list.dataset.title || "";
    Array.prototype.forEach.call(list.children, function (row, index) {
      var n = index + 1, input = row.querySelector("input"), label = row.querySelector("label");
      var id = "id_" + list.dataset.list + "_" + n;
      input.id = id;
      label.htmlFor = id;
      label.textContent = title + ", item " + n;
      var hidden = row.querySelector(".balance-remove .visually-hidden");
      if (hidden) { hidden.textContent = " " + title.toLowerCase() + ", item " + n; }
    });
    var add = list.parentNode.querySelector(".balance-add");
    if (add) { add.disabled = list.children.length >= parseInt(list.dataset.max || "20", 10); }
  }

  function addRow(list) {
    var row = list.lastElementChild.cloneNode(true);
    row.querySelector("input").value = "";
    list.appendChild(row);
    renumber(list);
    return row.querySelector("input");
  }

  function removeRow(list, row) {
    if (list.children.length > 1) {
      var next = row.nextElementSibling || row.previousElementSibling;
      list.removeChild(row);
      renumber(list);
      next.querySelector("input").focus();
    } else {
      row.querySelector("input").value = "";
      row.querySelector("input").focus();
    }
  }

  function setUpLists(form) {
    form.querySelectorAll("[data-list]").forEach(function (list) {
      var add = list.parentNode.querySelector(".balance-add");
      add.hidden = false;
      add.addEventListener("click", function () { addRow(list).focus(); });
      list.addEventListener("click", function (event) {
        var button = event.target.closest(".balance-remove");
        if (button) { removeRow(list, button.closest("li")); }
      });
      list.addEventListener("keydown", function (event) {
        // Enter in an item moves to the next (adding one at the end) instead of sending the form.
        if (event.key !== "Enter" || event.target.tagName !== "INPUT") { return; }
        event.preventDefault();
        var row = event.target.closest("li");
        var next = row.nextElementSibling ? row.nextElementSibling.querySelector("input") : addRow(list);
        next.focus();
      });
      list.querySelectorAll(".balance-remove").forEach(function (button) { button.hidden = false; });
      renumber(list);
    });
  }

  function start() {
    document.querySelectorAll("form[data-balance-form]").forEach(setUpLists);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
