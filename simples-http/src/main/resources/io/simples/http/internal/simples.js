/*
 * simples.js: the browser side of simpleS (served by router.clientScript("/simples.js")).
 *
 *   const chat = simples.ws('/chat', {advanced: true});
 *   chat.on('said', (text) => show(text));           // an event of the server's
 *   chat.on('open', () => status('connected'));       // open, close, reconnecting, error: the socket's own
 *   chat.send('say', 'hello', (reply) => show(reply)); // a reply: the next 'say' that comes back
 *
 * A WebSocket that comes back by itself: when the connection drops it reconnects after 0.5 s,
 * 1 s, 2 s ... up to 30 s (each wait between half and all of that, so that a restarted server is
 * not hit by every page at once), and sends what was sent meanwhile (up to 256 messages; older
 * ones are dropped with an 'error'). It stays closed after close(), and after a close with 1008
 * (the session was destroyed: a logout), which a new connection would not change.
 */
(function (global) {
  'use strict';

  const RESERVED = ['open', 'close', 'reconnecting', 'error'];

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
    this.replies = {};
    this.connect();
  }

  Socket.prototype = Object.create(Emitter.prototype);

  Socket.prototype.connect = function () {
    const socket = this.protocols.length ? new WebSocket(this.url, this.protocols) : new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      const waiting = this.queue;
      this.queue = [];
      this.emit('open');
      waiting.forEach((message) => socket.send(message));
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onerror = () => this.emit('error', new Error('WebSocket error on ' + this.url));
    socket.onclose = (event) => {
      this.socket = null;
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
    const replies = this.replies[envelope.event];
    if (replies && replies.length) {
      delete this.replies[envelope.event];
      replies.forEach((reply) => reply(envelope.data));
    }
    if (RESERVED.indexOf(envelope.event) < 0) {
      this.emit(envelope.event, envelope.data);
    }
  };

  /** In advanced mode send(event, data[, reply]); in plain mode send(data): a string, a Blob or buffer, or JSON. */
  Socket.prototype.send = function (event, data, reply) {
    let message;
    if (this.advanced) {
      if (typeof reply === 'function') {
        (this.replies[event] = this.replies[event] || []).push(reply);
      }
      message = JSON.stringify({event, data});
    } else {
      message = typeof event === 'string' || event instanceof ArrayBuffer || ArrayBuffer.isView(event)
        || (typeof Blob !== 'undefined' && event instanceof Blob) ? event : JSON.stringify(event);
    }
    if (this.closed) {
      return false;
    }
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(message);
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
