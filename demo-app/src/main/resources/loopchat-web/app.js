// LoopChat's web client: IRC over WebSocket (IRCv3 subprotocol text.ircv3.net, one line per
// message) to the server that served this page. No framework, nothing fetched from elsewhere.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const view = {
    joinForm: $("join-form"), nick: $("nick"), channel: $("channel"), joinError: $("join-error"),
    chat: $("chat"), messages: $("messages"), users: $("users"), userCount: $("user-count"),
    sendForm: $("send-form"), input: $("input"), state: $("state"), title: $("channel-title"), leave: $("leave"),
  };
  const MAX_LINES = 1000;
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 30000;

  // What the session is: the wanted nick and channel, the nick the server gave, the users seen.
  const chat = {
    state: "idle", wantedNick: "", nick: "", channel: "", users: new Map(), pendingNames: null,
    socket: null, leaving: false, attempt: 0, retryTimer: null, countdown: null, registered: false,
  };

  // ---- IRC lines ----

  function parse(line) {
    let rest = line;
    if (rest.startsWith("@")) {
      rest = rest.slice(rest.indexOf(" ") + 1 || rest.length);
    }
    let prefix = "";
    if (rest.startsWith(":")) {
      const sp = rest.indexOf(" ");
      prefix = rest.slice(1, sp < 0 ? rest.length : sp);
      rest = sp < 0 ? "" : rest.slice(sp + 1);
    }
    const params = [];
    while (rest.length > 0) {
      rest = rest.replace(/^ +/, "");
      if (rest.startsWith(":")) {
        params.push(rest.slice(1));
        break;
      }
      const sp = rest.indexOf(" ");
      if (sp < 0) {
        if (rest) params.push(rest);
        break;
      }
      params.push(rest.slice(0, sp));
      rest = rest.slice(sp + 1);
    }
    const command = (params.shift() || "").toUpperCase();
    const nick = prefix.includes("!") ? prefix.slice(0, prefix.indexOf("!")) : prefix;
    return { prefix, nick, command, params };
  }

  function send(line) {
    if (chat.socket && chat.socket.readyState === WebSocket.OPEN) {
      chat.socket.send(line);
      return true;
    }
    return false;
  }

  const same = (a, b) => a.toLowerCase() === b.toLowerCase();

  // ---- what is shown ----

  function setState(state, text) {
    chat.state = state;
    document.body.dataset.state = state;
    view.state.textContent = text;
  }

  function show(kind, nick, text) {
    const item = document.createElement("li");
    item.className = kind + (nick && same(nick, chat.nick) ? " own" : "");
    const time = document.createElement("time");
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toTimeString().slice(0, 5);
    item.append(time);
    if (nick) {
      const who = document.createElement("span");
      who.className = "nick";
      who.textContent = kind === "action" ? "* " + nick : nick;
      item.append(who);
    }
    item.append(document.createTextNode(text));
    const atBottom = view.messages.scrollHeight - view.messages.scrollTop - view.messages.clientHeight < 40;
    view.messages.append(item);
    while (view.messages.childElementCount > MAX_LINES) {
      view.messages.firstElementChild.remove();
    }
    if (atBottom) {
      view.messages.scrollTop = view.messages.scrollHeight;
    }
  }

  const event = (text) => show("event", "", text);

  function renderUsers() {
    const names = [...chat.users.entries()].sort(([a, am], [b, bm]) =>
      (rank(bm) - rank(am)) || a.localeCompare(b, undefined, { sensitivity: "base" }));
    view.users.replaceChildren(...names.map(([name, mode]) => {
      const li = document.createElement("li");
      li.textContent = name;
      if (mode === "@") li.className = "op";
      if (mode === "+") li.className = "voice";
      return li;
    }));
    view.userCount.textContent = names.length ? "(" + names.length + ")" : "";
  }

  const rank = (mode) => (mode === "@" ? 2 : mode === "+" ? 1 : 0);

  function removeUser(nick) {
    for (const name of chat.users.keys()) {
      if (same(name, nick)) {
        chat.users.delete(name);
        return true;
      }
    }
    return false;
  }

  // ---- the server's lines ----

  const handlers = {
    PING: (m) => send("PONG :" + (m.params[0] || "")),
    "001": (m) => {
      chat.registered = true;
      chat.nick = m.params[0];
      chat.attempt = 0;
      setState("online", "Connected as " + chat.nick);
      send("JOIN " + chat.channel);
    },
    "433": (m) => {
      if (!chat.registered) {
        chat.wantedNick = chat.wantedNick.slice(0, 28) + "_";
        send("NICK " + chat.wantedNick);
      } else {
        show("notice", "", "That nick is taken: " + m.params[1]);
      }
    },
    "432": (m) => {
      if (!chat.registered) {
        stop("That nick is not allowed: " + m.params[1]);
      } else {
        show("notice", "", "That nick is not allowed: " + m.params[1]);
      }
    },
    "353": (m) => {
      if (!same(m.params[2] || "", chat.channel)) return;
      chat.pendingNames = chat.pendingNames || new Map();
      for (const entry of (m.params[3] || "").split(" ").filter(Boolean)) {
        const mode = "@+".includes(entry[0]) ? entry[0] : "";
        chat.pendingNames.set(mode ? entry.slice(1) : entry, mode);
      }
    },
    "366": (m) => {
      if (!same(m.params[1] || "", chat.channel)) return;
      chat.users = chat.pendingNames || new Map();
      chat.pendingNames = null;
      renderUsers();
    },
    JOIN: (m) => {
      const channel = m.params[0];
      if (!same(channel, chat.channel)) return;
      if (same(m.nick, chat.nick)) {
        chat.users = new Map();
        view.title.textContent = channel;
        event("You joined " + channel);
      } else {
        event(m.nick + " joined");
      }
      chat.users.set(m.nick, "");
      renderUsers();
    },
    PART: (m) => {
      if (!same(m.params[0], chat.channel)) return;
      removeUser(m.nick);
      renderUsers();
      event(m.nick + " left" + (m.params[1] ? " (" + m.params[1] + ")" : ""));
    },
    KICK: (m) => {
      if (!same(m.params[0], chat.channel)) return;
      removeUser(m.params[1]);
      renderUsers();
      event(m.params[1] + " was kicked by " + m.nick + (m.params[2] ? " (" + m.params[2] + ")" : ""));
    },
    QUIT: (m) => {
      if (removeUser(m.nick)) {
        renderUsers();
        event(m.nick + " quit" + (m.params[0] ? " (" + m.params[0] + ")" : ""));
      }
    },
    NICK: (m) => {
      const to = m.params[0];
      if (same(m.nick, chat.nick)) {
        chat.nick = to;
        chat.wantedNick = to;
        setState("online", "Connected as " + to);
      }
      for (const [name, mode] of chat.users) {
        if (same(name, m.nick)) {
          chat.users.delete(name);
          chat.users.set(to, mode);
          renderUsers();
          event(m.nick + " is now " + to);
          break;
        }
      }
    },
    MODE: (m) => {
      if (!same(m.params[0], chat.channel) || m.params.length < 3) return;
      const sign = m.params[1][0];
      const flag = m.params[1][1];
      const target = m.params[2];
      for (const [name] of chat.users) {
        if (same(name, target) && "ov".includes(flag)) {
          chat.users.set(name, sign === "+" ? (flag === "o" ? "@" : "+") : "");
          renderUsers();
        }
      }
      event(m.nick + " sets mode " + m.params.slice(1).join(" "));
    },
    PRIVMSG: (m) => message(m, false),
    NOTICE: (m) => message(m, true),
    ERROR: (m) => show("notice", "", m.params[0] || "The server closed the connection"),
  };

  function message(m, notice) {
    const target = m.params[0] || "";
    let text = m.params[1] || "";
    if (!same(target, chat.channel) && !same(target, chat.nick) && target !== "*") return;
    const privately = !notice && same(target, chat.nick);
    if (text.startsWith("\u0001ACTION ") && text.endsWith("\u0001")) {
      show("action", m.nick, text.slice(8, -1));
      return;
    }
    if (text.startsWith("\u0001")) return;
    text = text.replace(/[\u0002\u000f\u0016\u001d\u001f]|\u0003\d{0,2}(,\d{1,2})?/g, "");
    show(notice ? "notice" : privately ? "private" : "message", m.nick || m.prefix, (privately ? "(privately) " : "") + text);
  }

  function onLine(line) {
    const m = parse(line);
    const handler = handlers[m.command];
    if (handler) {
      handler(m);
    } else if (/^[45]\d\d$/.test(m.command)) {
      show("notice", "", m.params.slice(1).join(" "));
    }
  }

  // ---- the connection, with reconnection ----

  function connect() {
    clearTimeout(chat.retryTimer);
    clearInterval(chat.countdown);
    chat.registered = false;
    chat.leaving = false;
    setState("connecting", chat.attempt ? "Reconnecting…" : "Connecting…");
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/", ["text.ircv3.net"]);
    chat.socket = socket;
    socket.addEventListener("open", () => {
      send("NICK " + chat.wantedNick);
      send("USER web 0 * :LoopChat web client");
    });
    socket.addEventListener("message", (e) => {
      if (typeof e.data === "string") onLine(e.data);
    });
    socket.addEventListener("close", () => {
      if (chat.socket !== socket) return;
      chat.socket = null;
      if (chat.leaving) {
        setState("idle", "Not connected");
      } else {
        retry();
      }
    });
  }

  function retry() {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** chat.attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    chat.attempt++;
    const at = Date.now() + delay;
    const tell = () => setState("waiting", "Disconnected; retrying in " + Math.max(1, Math.ceil((at - Date.now()) / 1000)) + " s");
    tell();
    chat.countdown = setInterval(tell, 1000);
    chat.retryTimer = setTimeout(connect, delay);
    if (chat.users.size) {
      event("Connection lost");
    }
  }

  function stop(reason) {
    chat.leaving = true;
    clearTimeout(chat.retryTimer);
    clearInterval(chat.countdown);
    if (chat.socket) {
      send("QUIT :Leaving");
      chat.socket.close(1000);
    }
    chat.socket = null;
    chat.users = new Map();
    renderUsers();
    view.chat.hidden = true;
    view.leave.hidden = true;
    view.joinForm.hidden = false;
    view.title.textContent = "";
    view.joinError.textContent = reason || "";
    setState("idle", "Not connected");
  }

  // ---- input, with history ----

  const history = { lines: [], at: 0, draft: "" };

  function remember(text) {
    if (history.lines[history.lines.length - 1] !== text) history.lines.push(text);
    if (history.lines.length > 100) history.lines.shift();
    history.at = history.lines.length;
    history.draft = "";
  }

  view.input.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
    if (history.at === history.lines.length) history.draft = view.input.value;
    history.at = Math.max(0, Math.min(history.lines.length, history.at + (e.key === "ArrowUp" ? -1 : 1)));
    view.input.value = history.at === history.lines.length ? history.draft : history.lines[history.at];
    e.preventDefault();
  });

  function command(text) {
    const [name, ...words] = text.slice(1).split(" ");
    const rest = words.join(" ");
    switch (name.toLowerCase()) {
      case "me":
        if (send("PRIVMSG " + chat.channel + " :\u0001ACTION " + rest + "\u0001")) show("action", chat.nick, rest);
        return;
      case "nick":
        send("NICK " + rest);
        return;
      case "join":
        if (!rest) return;
        send("PART " + chat.channel);
        chat.channel = rest.startsWith("#") ? rest : "#" + rest;
        chat.users = new Map();
        renderUsers();
        send("JOIN " + chat.channel);
        return;
      case "part":
      case "quit":
        stop();
        return;
      case "msg": {
        const [to, ...said] = words;
        if (send("PRIVMSG " + to + " :" + said.join(" "))) show("private", chat.nick, "(to " + to + ") " + said.join(" "));
        return;
      }
      case "quote":
        send(rest);
        return;
      default:
        show("notice", "", "Unknown command /" + name + " (try /me, /nick, /join, /part, /msg, /quote)");
    }
  }

  view.sendForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = view.input.value.trim();
    if (!text) return;
    remember(text);
    view.input.value = "";
    if (text.startsWith("/") && !text.startsWith("//")) {
      command(text);
    } else if (send("PRIVMSG " + chat.channel + " :" + text.replace(/^\//, ""))) {
      show("message", chat.nick, text.replace(/^\//, ""));
    } else {
      show("notice", "", "Not sent: not connected");
    }
  });

  view.joinForm.addEventListener("submit", (e) => {
    e.preventDefault();
    chat.wantedNick = view.nick.value.trim();
    const channel = view.channel.value.trim();
    chat.channel = channel.startsWith("#") ? channel : "#" + channel;
    chat.attempt = 0;
    view.joinError.textContent = "";
    view.joinForm.hidden = true;
    view.chat.hidden = false;
    view.leave.hidden = false;
    view.messages.replaceChildren();
    connect();
    view.input.focus();
  });

  view.leave.addEventListener("click", () => stop());

  // ?nick=ann&channel=%23loopchat fills the form; adding &join joins at once (links, tests, screenshots).
  const wanted = new URLSearchParams(location.search);
  if (wanted.get("nick")) view.nick.value = wanted.get("nick");
  if (wanted.get("channel")) view.channel.value = wanted.get("channel");
  if (wanted.has("join") && view.joinForm.checkValidity()) view.joinForm.requestSubmit();

  // For tests driving a browser: what the page shows, read through the DevTools protocol.
  window.loopchat = {
    state: () => chat.state,
    nick: () => chat.nick,
    users: () => [...chat.users.keys()],
    // each message as "nick text" (events as their text), without the time: what a reader sees, for tests
    lines: () => [...view.messages.children].map((li) => [...li.childNodes].slice(1).map((n) => n.textContent).join(" ")),
  };
})();
