// Words survive a lost connection without being stored in the browser (SECURITY.md: nothing sensitive
// in browser storage). A form marked data-draft-form is sent with fetch, so the page never navigates
// away before the server has the words. With no connection they stay in their boxes, the form's status
// region (data-draft-status, a polite live region) says so, and the save is sent again as soon as the
// browser is back online and every 15 seconds; then it says "Saved" and carries on as the server says.
// The open page is the only copy: leaving it with unsaved words asks first (except on quick exit).
// Nothing here writes to any of the browser's storage APIs or to cookies. Without JavaScript the form
// simply posts.
//
// The server's half is lib/drafts.py: a save sent from here carries the X-Waymark-Draft header and a
// successful one answers {"redirect": url}. A refused one (status 400, its page with the errors) is
// then posted normally so the server's page shows what to change, with the words still in the box.
// data-draft-autosave="2000" also saves quietly that long after typing stops, posting autosave=1; the
// server answers {"label": "Saved at 14:05"}, or {"error": "…"} with status 400.
// data-draft-unsaved marks a form showing words the server has not stored yet.
//
// Clients are signed out after 15 idle minutes (accounts/middleware.py), and only a request to the
// server counts as activity, so someone writing a long answer would be signed out mid-sentence. While a
// person types words the server does not have yet, a light GET /healthz therefore goes out at most once
// every KEEP_ALIVE_MS (any save counts too). A page left alone sends nothing, and still times out.
(function () {
  "use strict";
  var RETRY_MS = 15000;
  var KEEP_ALIVE_MS = 120000;
  var KEEP_ALIVE_URL = "/healthz";
  var SIGNED_OUT_IDLE = "You have been signed out after a quiet spell, so this cannot be saved now. Copy your words before you leave this page, then sign in again.";
  var OFFLINE = "No connection right now. Your words are still here and will be saved when you\u2019re back online.";
  var SIGNED_OUT = "You have been signed out, so this was not saved. Copy your words before you leave this page.";
  var FAILED = "Not saved: something went wrong on our side. Your words are still here; please try again in a moment.";
  var drafts = [];
  var exiting = false;
  var navigating = null; // the form whose save is taking this page elsewhere
  var lastContact = Date.now(); // the last request to the server: loading this page, a save, a keep-alive

  function signedOut(reply) {
    return reply.redirected && reply.url.indexOf("/accounts/login/") !== -1;
  }

  // Typing counts as activity: tell the server, no more often than KEEP_ALIVE_MS.
  function keepAlive(draft) {
    if (Date.now() - lastContact < KEEP_ALIVE_MS || exiting || !draft.unsaved()) { return; }
    lastContact = Date.now();
    fetch(KEEP_ALIVE_URL, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { if (signedOut(response)) { draft.say(SIGNED_OUT_IDLE, "error"); } }, function () {});
  }

  function sameOrigin(url) {
    try { return new URL(url, window.location.href).origin === window.location.origin; } catch (e) { return false; }
  }

  function go(form, url) {
    var target = new URL(url, window.location.href);
    navigating = form;
    if (target.pathname + target.search === window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", target.href); // only the #part differs: load the page afresh
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  // What a person has written or ticked in a form, to tell whether the server has it all. Blank fields
  // are left out, so a blank row that a page adds or takes away (motivation.js) is no change.
  function words(form) {
    return Array.prototype.map.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit" || field.type === "button") { return ""; }
      if (field.type === "checkbox" || field.type === "radio") { return field.checked ? field.name + "=" + field.value : ""; }
      return field.value ? field.name + "=" + field.value : "";
    }).filter(Boolean).join("\u0000");
  }

  function read(response) {
    var type = response.headers.get("Content-Type") || "";
    var reply = { status: response.status, url: response.url, redirected: response.redirected, json: null };
    if (type.indexOf("application/json") !== 0) { return Promise.resolve(reply); }
    return response.json().then(function (json) { reply.json = json; return reply; });
  }

  function setUp(form) {
    var status = form.querySelector("[data-draft-status]");
    var wait = parseInt(form.getAttribute("data-draft-autosave"), 10) || 0;
    var draft = { form: form };
    var saved = form.hasAttribute("data-draft-unsaved") ? null : words(form); // what the server has
    var pending = null;  // the save still to make: {autosave: true} or {submitter: button or null}
    var sending = false;
    var again = false;
    var offline = false;
    var typing = null;
    var retry = null;

    function say(text, kind) {
      if (!status) { return; }
      if (status.textContent !== text) { status.textContent = text; }
      status.classList.toggle("warn", kind === "warn");
      status.classList.toggle("error", kind === "error");
    }

    function bodyFor(job) {
      var data = new FormData(form);
      if (job.submitter && job.submitter.name) { data.append(job.submitter.name, job.submitter.value); }
      if (job.autosave) { data.append("autosave", "1"); }
      return data;
    }

    // The server refused the words: post the form the ordinary way so its page shows what to change.
    function postNormally(job) {
      if (job.submitter && job.submitter.name) {
        var carry = document.createElement("input");
        carry.type = "hidden";
        carry.name = job.submitter.name;
        carry.value = job.submitter.value;
        form.appendChild(carry);
      }
      navigating = form;
      form.submit(); // does not fire "submit", so this is not sent with fetch again
    }

    function waitForConnection() {
      offline = true;
      say(OFFLINE, "warn");
      window.clearTimeout(retry);
      retry = window.setTimeout(send, RETRY_MS);
    }

    function answer(job, sent, reply) {
      offline = false;
      var current = words(form) === sent; // nothing changed since this was sent
      if (pending === job) { pending = null; }
      if (reply.json && reply.status < 400) {
        saved = sent;
        if (reply.json.redirect && sameOrigin(reply.json.redirect) && !job.autosave) {
          if (!current) { pending = job; return; } // more words came meanwhile: send those before leaving
          again = false;
          say("Saved");
          go(form, reply.json.redirect);
          return;
        }
        say(reply.json.label || "Saved");
      } else if (reply.json) {
        say(reply.json.error || FAILED, "error");
      } else if (signedOut(reply)) {
        say(SIGNED_OUT, "error");
      } else if (reply.status === 400 && !job.autosave) {
        postNormally(job);
      } else {
        say(FAILED, "error");
      }
    }

    function send() {
      window.clearTimeout(retry);
      if (!pending || exiting || navigating === form) { return; }
      if (sending) { again = true; return; }
      if (navigator.onLine === false) { waitForConnection(); return; }
      var job = pending;
      var sent = words(form);
      sending = true;
      lastContact = Date.now();
      if (!job.autosave && !offline) { say("Saving\u2026"); }
      fetch(form.action, {
        method: "POST",
        body: bodyFor(job),
        credentials: "same-origin",
        headers: { "X-Waymark-Draft": "1", "Accept": "application/json" }
      })
        .then(function (response) {
          return read(response).then(function (reply) { answer(job, sent, reply); });
        }, waitForConnection)
        .catch(function () { say(FAILED, "error"); })
        .then(function () {
          sending = false;
          if (again || (pending && !offline)) { again = false; send(); }
        });
    }

    // A save asked for while Back, Next or Save is still waiting does not replace it.
    function request(job) {
      if (!(job.autosave && pending && !pending.autosave)) { pending = job; }
      send();
    }

    function changed() {
      if (navigating === form) { navigating = null; }
      keepAlive(draft);
      if (!wait) { return; }
      if (!offline) { say("Not saved yet"); }
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { request({ autosave: true }); }, wait);
    }

    form.addEventListener("input", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(typing);
      request({ submitter: event.submitter || null });
    });
    draft.unsaved = function () { return words(form) !== saved; };
    draft.say = say;
    draft.online = function () { if (pending) { send(); } };
    draft.forget = function () {
      window.clearTimeout(typing);
      window.clearTimeout(retry);
      pending = null;
      Array.prototype.forEach.call(form.querySelectorAll("textarea, input[type=text]"), function (box) { box.value = ""; });
      saved = words(form);
    };
    drafts.push(draft);
  }

  function start() {
    if (!window.fetch || !window.FormData || !window.URL) { return; } // the forms post normally
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-form]"), setUp);
    if (!drafts.length) { return; }
    window.addEventListener("online", function () {
      drafts.forEach(function (draft) { draft.online(); });
    });
    window.addEventListener("beforeunload", function (event) {
      if (exiting) { return; }
      var unsaved = drafts.some(function (draft) { return draft.form !== navigating && draft.unsaved(); });
      if (unsaved) { event.preventDefault(); event.returnValue = ""; }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { navigating = null; } // back from another page, out of the browser's cache
    });
    // Quick exit (waymark.js) must never be held up by a question, and takes the words with it.
    document.addEventListener("waymark:quick-exit", function () {
      exiting = true;
      drafts.forEach(function (draft) { draft.forget(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
