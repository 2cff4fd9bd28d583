/*
 * simples.js: the browser side of simpleS (served by router.clientScript("/simples.js")).
 *
 *   const chat = simples.ws('/chat', {advanced: true});
 *   chat.on('said', (text) => show(text));           // an event of the server's
 *   chat.on('open', () => status('connected'));       // open, close, reconnecting, error: the socket's own
 *   chat.send('say', 'hello', (reply) => show(reply)); // a reply: the answer to this 'say'
 *   chat.ask('price', {item: 7}, {timeout: 5000})      // a Promise of the answer; rejected after 5 s
 *     .then((price) => show(price));
 *   chat.on('confirm', (data, answer) => answer(true)); // the server asked: answer(...) sends the answer
 *
 * Asks and answers: an ask goes as {"event", "data", "ask": n} and its answer comes back with
 * "answer": n, so two asks of one event never cross. A message of that event without a number
 * (what an original simpleS server or an old-style listener sends) answers the oldest ask of
 * that event still waiting. An ask that was sent fails when its connection closes.
 *
 * A WebSocket that comes back by itself: when the connection drops it reconnects after 0.5 s,
 * 1 s, 2 s ... up to 30 s (each wait between half and all of that, so that a restarted server is
 * not hit by every page at once), and sends what was sent meanwhile (up to 256 messages; older
 * ones are dropped with an 'error'). It stays closed after close(), and after a close with 1008
 * (the session was destroyed: a logout), which a new connection would not change.
 *
 * Nothing lost across a reconnect (a server whose endpoint keeps recovery): the events sent to
 * the session and to its channels carry their position ("seq"); the socket keeps the latest of
 * each stream and, when it connects again, asks for what came after (the query parameter
 * simples-resume). The server sends what was missed, in order, then 'resumed' with
 * {recovered: true|false, replayed: n}; socket.recovered says the same (false: away too long).
 */
(function (global) {
  'use strict';

  const RESERVED = ['open', 'close', 'reconnecting', 'error', 'resumed'];

  /** True when the stream id a ("<ms>-<n>") comes after b. */
  function later(a, b) {
    const [am, an] = a.split('-').map(Number);
    const [bm, bn] = b.split('-').map(Number);
    return am > bm || (am === bm && an > bn);
  }

  function Emitter() {
    this.listeners = {};
  }

  Emitter.prototype.on = function (event, listener) {
    (this.listeners[event] = this.listeners[event] || []).push({listener, once: false});
    return this;
  };

  Emitter.prototype.once = function (event, listener) {
    (this.listeners[event] = this.listeners[event] || []).push({listener, once: true});
    return this;
  };

  Emitter.prototype.off = function (event, listener) {
    const list = this.listeners[event] || [];
    this.listeners[event] = listener ? list.filter((entry) => entry.listener !== listener) : [];
    return this;
  };

  Emitter.prototype.emit = function (event, ...args) {
    const list = this.listeners[event] || [];
    this.listeners[event] = list.filter((entry) => !entry.once);
    for (const entry of list) {
      try {
        entry.listener.apply(this, args);
      } catch (failure) {
        if (event === 'error') {
          setTimeout(() => { throw failure; });
        } else {
          this.emit('error', failure);
        }
      }
    }
    return list.length > 0;
  };

  function url(path) {
    if (/^wss?:\/\//i.test(path)) {
      return path;
    }
    const scheme = global.location.protocol === 'https:' ? 'wss://' : 'ws://';
    return scheme + global.location.host + (path.charAt(0) === '/' ? path : '/' + path);
  }

  function Socket(path, options) {
    Emitter.call(this);
    this.url = url(path);
    this.advanced = !!options.advanced;
    this.protocols = options.protocols || [];
    this.queue = [];
    this.limit = options.queue || 256;
    this.attempt = 0;
    this.closed = false;
    this.asks = {}; // number -> {event, resolve, reject, timer, sent}
    this.asked = 0;
    this.positions = {}; // stream -> its latest position, "s:<id>" or "c:<channel>:<id>"
    this.recovered = false;
    this.connect();
  }

  Socket.prototype = Object.create(Emitter.prototype);

  Socket.prototype.connect = function () {
    // in advanced mode the positions to resume from ([] at first)
    const target = !this.advanced ? this.url : this.url + (this.url.indexOf('?') < 0 ? '?' : '&')
      + 'simples-resume=' + encodeURIComponent(JSON.stringify(Object.values(this.positions)));
    const socket = this.protocols.length ? new WebSocket(target, this.protocols) : new WebSocket(target);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      const waiting = this.queue;
      this.queue = [];
      this.emit('open');
      waiting.forEach((message) => this.write(socket, message));
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onerror = () => this.emit('error', new Error('WebSocket error on ' + this.url));
    socket.onclose = (event) => {
      this.socket = null;
      for (const number of Object.keys(this.asks)) {
        const ask = this.asks[number];
        if (ask.sent === socket || this.closed || event.code === 1008) { // sent on it, or never to be sent
          this.settle(number).reject(new Error('the connection closed (' + event.code + ') before "' + ask.event + '" was answered'));
        }
      }
      this.emit('close', event.code, event.reason);
      if (this.closed || event.code === 1008) {
        this.closed = true;
        return;
      }
      const delay = Math.min(30000, 500 * Math.pow(2, this.attempt++));
      const wait = delay / 2 + Math.random() * delay / 2;
      this.emit('reconnecting', wait, this.attempt);
      this.timer = setTimeout(() => this.connect(), wait);
    };
  };

  Socket.prototype.receive = function (data) {
    if (!this.advanced || typeof data !== 'string') {
      this.emit('message', data);
      return;
    }
    let envelope;
    try {
      envelope = JSON.parse(data);
    } catch (failure) {
      this.emit('error', new Error('advanced mode expects {"event": name, "data": value}, got ' + data.slice(0, 80)));
      return;
    }
    if (!envelope || typeof envelope.event !== 'string') {
      this.emit('error', new Error('advanced mode expects {"event": name, "data": value}, got ' + data.slice(0, 80)));
      return;
    }
    if (typeof envelope.seq === 'string') {
      this.remember(envelope.seq);
    }
    if (envelope.event === 'simples:resumed') {
      this.recovered = !!(envelope.data && envelope.data.recovered);
      this.emit('resumed', envelope.data);
      return;
    }
    if (Number.isInteger(envelope.answer) && envelope.answer > 0) { // the answer to one of our asks, for it only
      if (this.asks[envelope.answer]) {
        this.settle(envelope.answer).resolve(envelope.data);
      }
      return;
    }
    const oldest = Object.keys(this.asks).map(Number).sort((a, b) => a - b)
      .find((number) => this.asks[number].event === envelope.event && this.asks[number].sent);
    if (oldest !== undefined) { // a reply the original simpleS way: the next message of that event
      this.settle(oldest).resolve(envelope.data);
    }
    if (RESERVED.indexOf(envelope.event) < 0) {
      const number = Number.isInteger(envelope.ask) && envelope.ask > 0 ? envelope.ask : 0;
      let answered = false;
      const answer = (data) => {
        if (!answered) {
          answered = true;
          const reply = {event: envelope.event, data};
          if (number) {
            reply.answer = number;
          }
          this.post(JSON.stringify(reply));
        }
      };
      this.emit(envelope.event, envelope.data, answer);
    }
  };

  /** Keeps a position if it is the latest of its stream. */
  Socket.prototype.remember = function (position) {
    const colon = typeof position === 'string' ? position.lastIndexOf(':') : -1;
    if (colon < 1 || !/^\d+-\d+$/.test(position.slice(colon + 1))) {
      return;
    }
    const stream = position.slice(0, colon);
    const known = this.positions[stream];
    if (!known || later(position.slice(colon + 1), known.slice(known.lastIndexOf(':') + 1))) {
      this.positions[stream] = position;
    }
  };

  /** The ask {@code number}, forgotten: its timer stopped. */
  Socket.prototype.settle = function (number) {
    const ask = this.asks[number];
    delete this.asks[number];
    clearTimeout(ask.timer);
    return ask;
  };

  /**
   * In advanced mode: sends event with data and resolves with the answer; rejects after
   * options.timeout ms (none by default) or when the connection it went on closes first.
   */
  Socket.prototype.ask = function (event, data, options) {
    const timeout = options && options.timeout;
    return new Promise((resolve, reject) => {
      const number = ++this.asked;
      const ask = {event, resolve, reject, sent: null};
      if (timeout) {
        ask.timer = setTimeout(() => {
          if (this.asks[number]) {
            this.settle(number).reject(new Error('no answer to "' + event + '" within ' + timeout + ' ms'));
          }
        }, timeout);
      }
      this.asks[number] = ask;
      if (!this.post(JSON.stringify({event, data, ask: number}))) {
        this.settle(number).reject(new Error('the socket is closed: "' + event + '" was not sent'));
      }
    });
  };

  /** Writes a message on an open socket, marking the ask it carries as sent on that socket. */
  Socket.prototype.write = function (socket, message) {
    socket.send(message);
    const number = message.charAt(0) === '{' ? (message.match(/"ask":(\d+)\}$/) || [])[1] : undefined;
    if (number && this.asks[number]) {
      this.asks[number].sent = socket;
    }
  };

  /** In advanced mode send(event, data[, reply]); in plain mode send(data): a string, a Blob or buffer, or JSON. */
  Socket.prototype.send = function (event, data, reply) {
    if (this.advanced) {
      if (typeof reply === 'function') {
        this.ask(event, data).then(reply, () => { });
        return !this.closed;
      }
      return this.post(JSON.stringify({event, data}));
    }
    return this.post(typeof event === 'string' || event instanceof ArrayBuffer || ArrayBuffer.isView(event)
      || (typeof Blob !== 'undefined' && event instanceof Blob) ? event : JSON.stringify(event));
  };

  /** Sends a message now, or once connected again; false when closed for good. */
  Socket.prototype.post = function (message) {
    if (this.closed) {
      return false;
    }
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.write(this.socket, message);
      return true;
    }
    this.queue.push(message);
    if (this.queue.length > this.limit) {
      this.queue.shift();
      this.emit('error', new Error('more than ' + this.limit + ' messages waiting for ' + this.url + ': the oldest was dropped'));
    }
    return true;
  };

  /** Closes for good (no reconnection). */
  Socket.prototype.close = function (code, reason) {
    this.closed = true;
    clearTimeout(this.timer);
    this.queue = [];
    for (const number of Object.keys(this.asks)) {
      const ask = this.settle(number);
      ask.reject(new Error('the socket was closed before "' + ask.event + '" was answered'));
    }
    if (this.socket) {
      this.socket.close(code || 1000, reason || '');
    }
  };

  /** True while connected. */
  Socket.prototype.isOpen = function () {
    return !!this.socket && this.socket.readyState === WebSocket.OPEN;
  };

  global.simples = {
    ws: (path, options) => new Socket(path, options || {}),
    Emitter
  };
})(typeof window !== 'undefined' ? window : globalThis);
