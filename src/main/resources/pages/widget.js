/*
 * Support Hub "Ask us a Question" widget (P05, issue 18 item 3). A product's site includes it with
 *   <script src="https://hub.example/widget.js" data-product="runmy" async></script>
 * and the form appears where the script tag is (or inside the element data-target names). It posts to
 * POST /api/v1/widget/tickets on the hub that served it, with an Idempotency-Key (the same one while the same
 * question is retried), shows the ticket key and the first-response promise (P02), the 422 errors next to their
 * fields and a polite note for 429. It sets and sends no cookies. The hub fills in PRODUCTS when serving it: each
 * product's name, colours and words (product.text, from the template widget.mustache of hub.templates-dir).
 */
(function () {
  'use strict';
  var PRODUCTS = /*PRODUCTS*/{};
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var hub = new URL(script.src, window.location.href).origin;
  var productId = script.getAttribute('data-product');
  var product = PRODUCTS[productId];
  if (!product) {
    if (window.console) { window.console.error('Support Hub widget: unknown data-product "' + productId + '"'); }
    return;
  }
  var FIELDS = ['name', 'email', 'subject', 'message'];
  var T = product.text;
  var seq = (window.__supportHubWidgets = (window.__supportHubWidgets || 0) + 1);
  var id = function (name) { return 'shw' + seq + '-' + name; };

  var host = document.createElement('div');
  host.className = 'support-hub-widget';
  host.setAttribute('data-product', productId);
  var target = script.getAttribute('data-target') && document.querySelector(script.getAttribute('data-target'));
  if (target) { target.appendChild(host); } else { script.parentNode.insertBefore(host, script.nextSibling); }
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  var css = ':host{all:initial;display:block}' +
    '.w{box-sizing:border-box;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;' +
    'background:#fff;border:1px solid #c9d1d9;border-radius:8px;padding:16px;max-width:32rem;width:100%}' +
    '.w *{box-sizing:border-box}h2{font-size:1.2rem;margin:0 0 4px;color:' + product.primaryColour + '}' +
    'p{margin:0 0 8px}label{display:block;font-weight:600;margin:12px 0 4px}' +
    'input,textarea{display:block;width:100%;font:inherit;color:#1a1a1a;padding:8px 10px;border:2px solid #4a4f55;' +
    'border-radius:6px;background:#fff}textarea{min-height:7rem;resize:vertical}' +
    '[aria-invalid=true]{border-color:#b00020}.err{color:#b00020;margin:4px 0 0;font-size:.95rem}' +
    'button{margin-top:16px;min-height:44px;padding:8px 18px;font:inherit;font-weight:600;cursor:pointer;border-radius:6px;' +
    'border:2px solid ' + product.primaryColour + ';background:' + product.primaryColour + ';color:' + product.onPrimaryColour + '}' +
    'button[disabled]{opacity:.7;cursor:progress}.note{border-left:4px solid #b00020;padding:8px 12px;background:#fdecee}' +
    '.note.polite{border-color:#8a5a00;background:#fff6e0}.done{border-left:4px solid #14532d;padding:8px 12px;background:#e6f4ea}' +
    ':focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.key{font-weight:700}';
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }

  var box = el('section', { 'class': 'w', 'aria-labelledby': id('title') });
  var title = el('h2', { id: id('title'), tabindex: '-1' }, T.title);
  var intro = el('p', {}, T.intro);
  var status = el('div', { role: 'status', 'aria-live': 'polite' });
  var form = el('form', { novalidate: '' });
  var inputs = {};
  var errors = {};
  FIELDS.forEach(function (f) {
    form.appendChild(el('label', { 'for': id(f) }, T.labels[f]));
    var input = f === 'message' ? el('textarea', { id: id(f), name: f, rows: '5' })
      : el('input', { id: id(f), name: f, type: f === 'email' ? 'email' : 'text',
        autocomplete: f === 'name' ? 'name' : f === 'email' ? 'email' : 'off' });
    if (f !== 'name') { input.setAttribute('required', ''); input.setAttribute('aria-required', 'true'); }
    var err = el('p', { id: id(f + '-error'), 'class': 'err', hidden: '' });
    inputs[f] = input;
    errors[f] = err;
    form.appendChild(input);
    form.appendChild(err);
  });
  var send = el('button', { type: 'submit' }, T.send);
  form.appendChild(send);
  box.appendChild(title);
  box.appendChild(intro);
  box.appendChild(status);
  box.appendChild(form);
  root.appendChild(box);

  var idempotencyKey = null;
  var keyFor = null;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = { product: productId, pageUrl: window.location.href };
    FIELDS.forEach(function (f) { body[f] = inputs[f].value; });
    var json = JSON.stringify(body);
    if (json !== keyFor) { idempotencyKey = newKey(); keyFor = json; } // a retry of the same question keeps its key
    clear();
    send.disabled = true;
    send.textContent = T.sending;
    fetch(hub + '/api/v1/widget/tickets', {
      method: 'POST', mode: 'cors', credentials: 'omit', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: json
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        answer(res, data);
      });
    }).catch(function () {
      note(T.unreachable, false);
    }).then(function () {
      send.disabled = false;
      send.textContent = T.send;
    });
  });

  function answer(res, data) {
    if (res.status === 201 && data) {
      done(data);
      return;
    }
    if (res.status === 422 && data && data.errors && data.errors.length) {
      var first = null;
      var other = [];
      data.errors.forEach(function (e) {
        if (inputs[e.field]) {
          invalid(e.field, sentence(e.message));
          first = first || inputs[e.field];
        } else {
          other.push(e.field + ' ' + e.message);
        }
      });
      note((first ? T.checkMarkedFields : T.checkForm) + (other.length ? ': ' + other.join('; ') : '') + '.', false);
      if (first) { first.focus(); }
      return;
    }
    if (res.status === 429) {
      var wait = parseInt(res.headers.get('Retry-After'), 10);
      note(wait > 0 ? T.rateLimitedSeconds.replace('{seconds}', String(wait)) : T.rateLimited, true);
      return;
    }
    note((data && data.detail) ? data.detail : T.serverError, false);
  }

  function done(data) {
    clear();
    form.hidden = true;
    intro.hidden = true;
    var panel = el('div', { 'class': 'done' });
    panel.appendChild(el('p', {}, T.received));
    var ref = el('p', {}, T.referenceBefore);
    ref.appendChild(el('span', { 'class': 'key' }, data.key));
    ref.appendChild(document.createTextNode(T.referenceAfter));
    panel.appendChild(ref);
    if (data.promise) { panel.appendChild(el('p', { 'class': 'promise' }, data.promise)); }
    var again = el('button', { type: 'button', 'class': 'again' }, T.again);
    again.addEventListener('click', function () {
      box.removeChild(panel);
      title.textContent = T.title;
      form.reset();
      form.hidden = false;
      intro.hidden = false;
      keyFor = null;
      inputs.email.focus();
    });
    panel.appendChild(again);
    box.appendChild(panel);
    title.textContent = T.sentTitle;
    title.focus();
  }

  function invalid(field, message) {
    inputs[field].setAttribute('aria-invalid', 'true');
    inputs[field].setAttribute('aria-describedby', id(field + '-error'));
    errors[field].textContent = message;
    errors[field].hidden = false;
  }

  function clear() {
    status.textContent = '';
    FIELDS.forEach(function (f) {
      inputs[f].removeAttribute('aria-invalid');
      inputs[f].removeAttribute('aria-describedby');
      errors[f].textContent = '';
      errors[f].hidden = true;
    });
  }

  function note(text, polite) {
    status.textContent = '';
    status.appendChild(el('p', { 'class': polite ? 'note polite' : 'note' }, text));
  }

  /** The API says what is wrong with a field ("is required", "must be at most 200 characters"): a sentence of it. */
  function sentence(text) {
    var t = String(text || '').trim();
    t = /^(is|must|has|lies)\b/.test(t) ? T.fieldErrorPrefix + ' ' + t : t.charAt(0).toUpperCase() + t.slice(1);
    return t + (/[.!?]$/.test(t) ? '' : '.');
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
})();
