// The chat page: one WebSocket in advanced mode through simples.js, which reconnects by itself.
(function () {
  const chat = simples.ws('/chat', {advanced: true});
  const $ = (id) => document.getElementById(id);

  function show(text) {
    const item = document.createElement('li');
    item.textContent = text;
    $('messages').appendChild(item);
    $('messages').scrollTop = $('messages').scrollHeight;
  }

  chat.on('open', () => { $('status').textContent = 'connected'; });
  chat.on('close', (code, reason) => {
    $('status').textContent = 'closed ' + code + (reason ? ' (' + reason + ')' : '');
  });
  chat.on('reconnecting', (wait) => { $('status').textContent = 'reconnecting in ' + Math.round(wait / 1000) + ' s'; });
  chat.on('joined', (data) => {
    $('room').textContent = data.room;
    $('who').textContent = 'as ' + data.name;
  });
  chat.on('message', (data) => show(data.name + ': ' + data.text));
  $('say').onsubmit = (event) => {
    event.preventDefault();
    if ($('text').value) {
      chat.send('say', $('text').value);
      $('text').value = '';
    }
  };
  $('join').onclick = () => chat.send('join', $('next-room').value);
})();
