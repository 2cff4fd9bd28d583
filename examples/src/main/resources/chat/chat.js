// The chat page: one WebSocket in advanced mode through simples.js, which reconnects by itself.
(function () {
  const chat = simples.ws('/chat', {advanced: true});
  const $ = (id) => document.getElementById(id);

  const LIMIT = 8 * 1024; // the server's limit, in bytes (Chat.LIMIT)
  let name = null;
  let room = null; // the room this page is in: a page that reconnects goes back to it

  function show(text, className) {
    const item = document.createElement('li');
    item.textContent = text;
    if (className) {
      item.className = className;
    }
    $('messages').appendChild(item);
    $('messages').scrollTop = $('messages').scrollHeight;
    return item;
  }

  // answers that came before their message: a kept message goes through the journal first (recovery)
  const deliveredEarly = [];

  /** The newest of my own lines with this text not marked yet: the server's answer marks it delivered. */
  function markDelivered(text) {
    const mine = [...document.querySelectorAll('#messages li.mine:not(.delivered)')]
      .filter((item) => item.dataset.text === text);
    if (mine.length) {
      mine[mine.length - 1].classList.add('delivered');
    } else {
      deliveredEarly.push(text);
    }
  }

  chat.on('open', () => {
    $('status').textContent = 'connected';
    if (room && room !== 'lobby') { // the server starts every socket in the lobby
      chat.send('join', room);
    }
  });
  chat.on('resumed', (report) => { // what was missed while away came first (recovery)
    if (!report.recovered) {
      show('You were away too long: some messages may be missing.', 'notice');
    }
  });
  chat.on('notice', (text) => show('Notice: ' + text, 'notice'));
  chat.on('close', (code, reason) => {
    $('status').textContent = 'closed ' + code + (reason ? ' (' + reason + ')' : '');
    if (code === 1009) { // the server refused a message past its limit (the socket comes back by itself)
      show('Your last message was too long to send (at most ' + LIMIT + ' bytes); it was not delivered.', 'notice');
    }
  });
  chat.on('reconnecting', (wait) => { $('status').textContent = 'reconnecting in ' + Math.round(wait / 1000) + ' s'; });
  chat.on('joined', (data) => {
    name = data.name;
    room = data.room;
    $('room').textContent = data.room;
    $('who').textContent = 'as ' + data.name;
  });
  chat.on('members', (names) => { $('members').textContent = names.join(', '); });
  chat.on('message', (data) => {
    const item = show(data.name + ': ' + data.text, data.name === name ? 'mine' : null);
    item.dataset.text = data.text;
    const early = data.name === name ? deliveredEarly.indexOf(data.text) : -1;
    if (early >= 0) {
      deliveredEarly.splice(early, 1);
      item.classList.add('delivered');
    }
  });
  $('say').onsubmit = (event) => {
    event.preventDefault();
    const text = $('text').value;
    if (text) {
      chat.ask('say', text, {timeout: 10000}).then(() => markDelivered(text), () => { });
      $('text').value = '';
    }
  };
  $('join').onclick = () => chat.send('join', $('next-room').value);
})();
