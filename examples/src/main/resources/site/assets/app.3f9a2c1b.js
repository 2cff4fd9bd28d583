// The application's script (its name carries a content hash, so the server lets browsers keep it
// for a year). It draws the page for the path it finds, and asks the server's API for data.
(function () {
  const view = document.getElementById('view');
  function draw() {
    view.textContent = 'You are at ' + location.pathname;
    fetch('/api/hello').then((response) => response.json()).then((data) => {
      view.textContent += ' — the server says ' + data.hello;
    });
  }
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a');
    if (link && link.origin === location.origin) {
      event.preventDefault();
      history.pushState(null, '', link.pathname);
      draw();
    }
  });
  window.addEventListener('popstate', draw);
  draw();
})();
