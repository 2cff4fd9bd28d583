// The chat page: one WebSocket in advanced mode, every message {"event": name, "data": value}.
(function () {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const socket = new WebSocket(scheme + location.host + '/chat');
  const $ = (id) => document.getElementById(id);
  const send = (event, data) => socket.send(JSON.stringify({event, data}));

  function show(text) {
    const item = document.createElement('li');
    item.textContent = text;
    $('messages').appendChild(item);
    $('messages').scrollTop = $('messages').scrollHeight;
  }

  socket.onopen = () => { $('status').textContent = 'connected'; };
  socket.onclose = (event) => {
    $('status').textContent = 'closed ' + event.code + (event.reason ? ' (' + event.reason + ')' : '');
  };
  socket.onmessage = (message) => {
    const {event, data} = JSON.parse(message.data);
    if (event === 'joined') {
      $('room').textContent = data.room;
      $('who').textContent = 'as ' + data.name;
    } else if (event === 'message') {
      show(data.name + ': ' + data.text);
    }
  };
  $('say').onsubmit = (event) => {
    event.preventDefault();
    if ($('text').value) {
      send('say', $('text').value);
      $('text').value = '';
    }
  };
  $('join').onclick = () => send('join', $('next-room').value);
})();
