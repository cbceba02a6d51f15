// The rostzeug debugger's page: frame folding, the PIN dialog and the
// Python consoles. The server escapes everything it sends; this script only
// inserts the HTML of console answers, which the server builds.
"use strict";

// Runs `start` once the document is parsed: at once when the script is
// deferred (as the page loads it), later when it is loaded from <head>.
function docReady(start) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
}

docReady(() => {
  const config = JSON.parse(
    document.getElementById("debugger-config").textContent
  );
  let trusted = Boolean(config.evalexTrusted);

  // Commands go to the path of this page, named absolutely, so that no
  // <base> element or odd relative URL can send them elsewhere.
  const base = /^https?:$/.test(window.location.protocol)
    ? window.location.origin + window.location.pathname
    : "";

  function commandURL(params) {
    const query = new URLSearchParams({ __debugger__: "yes", ...params });
    query.set("s", config.secret);
    return `${base}?${query}`;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- The PIN dialog --------------------------------------------------

  const pinPrompt = document.querySelector(".pin-prompt");
  const pinForm = pinPrompt.querySelector("form");
  const pinInput = pinForm.querySelector("input[name=pin]");
  const pinButton = pinForm.querySelector("button[type=submit]");
  const pinError = pinForm.querySelector(".pin-error");
  let pinWaiters = [];

  function settlePin(unlocked) {
    pinPrompt.hidden = true;
    document.body.classList.remove("modal-open");
    const waiters = pinWaiters;
    pinWaiters = [];
    waiters.forEach((resolve) => resolve(unlocked));
  }

  // Resolves to true once the console may be used.
  function unlock() {
    if (trusted) return Promise.resolve(true);
    if (pinPrompt.hidden) {
      // The server prints the PIN again, so it is at the end of its log.
      fetch(commandURL({ cmd: "printpin" })).catch(() => {});
      pinError.textContent = "";
      pinInput.value = "";
      pinPrompt.hidden = false;
      document.body.classList.add("modal-open");
      pinInput.focus();
    }
    return new Promise((resolve) => pinWaiters.push(resolve));
  }

  pinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    pinButton.disabled = true;
    pinError.textContent = "Checking…";
    pinError.classList.remove("bad");
    fetch(commandURL({ cmd: "pinauth", pin: pinInput.value }))
      .then((response) => {
        if (!response.ok) {
          throw new Error(`the server answered ${response.status}`);
        }
        return response.json();
      })
      .then(({ auth, exhausted }) => {
        if (auth) {
          trusted = true;
          pinError.textContent = "";
          settlePin(true);
          return;
        }
        pinError.classList.add("bad");
        pinError.textContent = exhausted
          ? "Too many wrong PINs: the console stays locked until the server restarts."
          : "That PIN is not right. Check the server's log and try again.";
        pinInput.select();
      })
      .catch((error) => {
        pinError.classList.add("bad");
        pinError.textContent = `The PIN could not be checked: ${error.message}.`;
      })
      .finally(() => {
        pinButton.disabled = false;
      });
  });

  pinForm.querySelector(".pin-cancel").addEventListener("click", () => settlePin(false));
  pinPrompt.addEventListener("keydown", (event) => {
    if (event.key === "Escape") settlePin(false);
  });

  // ---- Consoles ----------------------------------------------------------

  // Long values arrive with their tail in span.extended: fold it behind a
  // button.
  function foldExtended(container) {
    container.querySelectorAll("span.extended").forEach((span) => {
      const toggle = element("button", "expand", "…");
      toggle.type = "button";
      toggle.title = "Show the rest";
      span.hidden = true;
      span.before(toggle);
      toggle.addEventListener("click", () => {
        span.hidden = !span.hidden;
        toggle.textContent = span.hidden ? "…" : "‹";
        toggle.title = span.hidden ? "Show the rest" : "Show less";
      });
    });
  }

  function createConsole(host, frameId) {
    const panel = element("div", "console");
    const output = element("div", "console-output");
    output.setAttribute("role", "log");
    output.setAttribute("aria-live", "polite");
    output.append(element("div", "console-note", "Python console ready. dump() lists the variables."));
    const form = element("form", "console-input");
    const prompt = element("span", "prompt", ">>>");
    const input = element("input");
    input.type = "text";
    input.name = "cmd";
    input.setAttribute("aria-label", "Python input");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("spellcheck", "false");
    form.append(prompt, input);
    panel.append(output, form);
    host.append(panel);

    const history = [];
    let position = 0;
    let draft = "";
    let more = false;

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const line = input.value;
      input.value = "";
      if (line.trim() !== "") history.push(line);
      position = history.length;
      fetch(commandURL({ cmd: line, frm: frameId }))
        .then((response) => {
          if (!response.ok) {
            throw new Error(`the server answered ${response.status} ${response.statusText}`);
          }
          return response.text();
        })
        .then((html) => {
          const entry = element("div", "console-entry");
          entry.innerHTML = html;
          foldExtended(entry);
          output.append(entry);
          // A block goes on until an empty line; the server decides, this
          // only picks the prompt.
          more = line.trim() !== "" && (more || /[:\\]\s*$/.test(line));
          prompt.textContent = more ? "..." : ">>>";
        })
        .catch((error) => {
          output.append(element("div", "console-error", `Not run: ${error.message}.`));
        })
        .finally(() => {
          output.scrollTop = output.scrollHeight;
          input.focus();
        });
    });

    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowUp" && position > 0) {
        if (position === history.length) draft = input.value;
        position -= 1;
        input.value = history[position];
        event.preventDefault();
      } else if (event.key === "ArrowDown" && position < history.length) {
        position += 1;
        input.value = position === history.length ? draft : history[position];
        event.preventDefault();
      } else if (event.key === "l" && event.ctrlKey) {
        output.replaceChildren(element("div", "console-note", "Screen cleared."));
        event.preventDefault();
      }
    });
    return panel;
  }

  function focusConsole(panel) {
    panel.querySelector("input").focus();
  }

  // ---- The traceback -----------------------------------------------------

  document.querySelectorAll(".traceback .frame").forEach((frame) => {
    const head = frame.querySelector(".frame-head");
    if (frame.classList.contains("library")) frame.classList.add("folded");
    head.setAttribute("role", "button");
    head.tabIndex = 0;
    const fold = () => frame.classList.toggle("folded");
    head.addEventListener("click", fold);
    head.addEventListener("keydown", (event) => {
      if (event.target === head && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        fold();
      }
    });
    if (!config.evalex || config.console) return;

    const frameId = frame.id.replace(/^frame-/, "");
    const button = element("button", "console-button");
    button.type = "button";
    button.title = "Open a Python console in this frame";
    button.append(element("span", "icon"), element("span", "label", "Console"));
    head.append(button);
    let panel = null;
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      unlock().then((unlocked) => {
        if (!unlocked) return;
        frame.classList.remove("folded");
        if (panel === null) {
          panel = createConsole(frame, frameId);
          frame.classList.add("has-console");
        } else {
          panel.hidden = !panel.hidden;
        }
        button.classList.toggle("active", !panel.hidden);
        if (!panel.hidden) focusConsole(panel);
      });
    });
  });

  const plain = document.querySelector("details.plain");
  if (plain && navigator.clipboard) {
    const copy = element("button", "copy", "Copy");
    copy.type = "button";
    plain.querySelector("summary").after(copy);
    copy.addEventListener("click", () => {
      navigator.clipboard
        .writeText(plain.querySelector("pre").textContent)
        .then(() => {
          copy.textContent = "Copied";
          setTimeout(() => (copy.textContent = "Copy"), 1500);
        })
        .catch(() => {
          copy.textContent = "Copy failed";
        });
    });
  }

  // ---- The standalone console ---------------------------------------------

  if (config.console && config.evalex) {
    const host = document.querySelector(".console-host");
    host.replaceChildren();
    const panel = createConsole(host, 0);
    panel.classList.add("standalone");
    unlock().then((unlocked) => {
      if (unlocked) focusConsole(panel);
    });
  }
});
