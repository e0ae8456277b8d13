/* global document, window, fetch, EventSource, URLSearchParams, setTimeout, clearTimeout, setInterval */
// The sandbox page: chat panes that behave like Telegram's chat with the bot, fed by server-sent events.
// Texts arrive with Telegram entities and are built as DOM nodes, never as HTML.

const $ = (selector, root = document) => root.querySelector(selector);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
};

async function api(path, body, contentType = 'application/json') {
  const init = body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: contentType === 'application/json' ? JSON.stringify(body) : body,
  };
  const response = await fetch(path, init);
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

let toastTimer;
function toast(text, alert = false) {
  const box = $('#toast');
  box.textContent = text;
  box.classList.toggle('alert', alert);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), alert ? 6000 : 3000);
}

const SAFE_URL = /^(https?:|tg:|mailto:)/i;
const WRAPPERS = {
  bold: () => el('strong'),
  italic: () => el('em'),
  underline: () => el('u'),
  strikethrough: () => el('s'),
  code: () => el('code'),
  pre: () => el('pre'),
  spoiler: () => el('span', { class: 'spoiler' }),
  blockquote: () => el('blockquote'),
  expandable_blockquote: () => el('blockquote'),
};

// Splits the text at every entity boundary and wraps each piece in the entities covering it.
function formatted(text, entities, onCommand) {
  const cuts = new Set([0, text.length]);
  for (const e of entities) cuts.add(e.offset).add(e.offset + e.length);
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    let node = document.createTextNode(piece);
    for (const e of entities.filter((x) => x.offset <= from && x.offset + x.length >= to).reverse()) {
      let wrapper;
      if (e.type === 'text_link' && SAFE_URL.test(e.url || '')) wrapper = el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' });
      else if (e.type === 'url' && SAFE_URL.test(piece)) wrapper = el('a', { href: piece, target: '_blank', rel: 'noopener noreferrer' });
      else if (e.type === 'bot_command') wrapper = el('span', { class: 'cmd', onclick: () => onCommand(piece) });
      else if (WRAPPERS[e.type]) wrapper = WRAPPERS[e.type]();
      if (wrapper) {
        wrapper.append(node);
        node = wrapper;
      }
    }
    out.append(node);
  }
  return out;
}

const time = (unix) => new Date(unix * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const sizeText = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`);

class ChatPane {
  constructor(user, onClose) {
    this.user = user;
    this.versions = new Map();
    this.root = $('#pane-template').content.firstElementChild.cloneNode(true);
    this.root.dataset.userId = String(user.id);
    $('.as', this.root).textContent = `chatting as ${user.first_name}${user.last_name ? ` ${user.last_name}` : ''}`;
    this.list = $('.messages', this.root);
    this.commands = $('.commands', this.root);
    $('.close', this.root).addEventListener('click', () => onClose(this));
    $('.menu', this.root).addEventListener('click', () => (this.commands.hidden = !this.commands.hidden));
    const text = $('.text', this.root);
    $('.composer', this.root).addEventListener('submit', (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (value === '') return;
      text.value = '';
      this.send(value);
    });
    text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        $('.composer', this.root).requestSubmit();
      }
    });
    $('.file', this.root).addEventListener('change', (event) => {
      const [file] = event.target.files;
      event.target.value = '';
      if (file) this.upload(file);
    });
    this.connect();
  }

  base() {
    return `/api/users/${this.user.id}`;
  }

  connect() {
    this.source = new EventSource(`${this.base()}/events`);
    this.source.addEventListener('snapshot', (event) => {
      const { messages, commands } = JSON.parse(event.data);
      this.list.replaceChildren();
      for (const message of messages) this.render(message);
      this.renderCommands(commands);
      this.root.dataset.ready = 'true';
    });
    this.source.addEventListener('message', (event) => this.render(JSON.parse(event.data)));
    this.source.addEventListener('deleted', (event) => $(`[data-message-id="${JSON.parse(event.data).id}"]`, this.list)?.remove());
    this.source.addEventListener('commands', (event) => this.renderCommands(JSON.parse(event.data)));
    this.source.addEventListener('toast', (event) => {
      const { text, alert } = JSON.parse(event.data);
      toast(text, alert);
    });
    this.source.addEventListener('action', () => {
      const typing = $('.typing', this.root);
      typing.hidden = false;
      setTimeout(() => (typing.hidden = true), 2500);
    });
  }

  close() {
    this.source.close();
    this.root.remove();
  }

  async send(text) {
    this.commands.hidden = true;
    await api(`${this.base()}/send`, { text }).catch((e) => toast(e.message, true));
  }

  async upload(file) {
    const query = new URLSearchParams({ name: file.name });
    await api(`${this.base()}/upload?${query}`, file, 'application/octet-stream').catch((e) => toast(e.message, true));
  }

  async press(messageId, data, button) {
    button.disabled = true;
    await api(`${this.base()}/press`, { messageId, data }).catch((e) => toast(e.message, true));
    button.disabled = false;
  }

  renderCommands(commands) {
    const list = $('ul', this.commands);
    list.replaceChildren(...commands.map((c) =>
      el('li', {}, el('button', { type: 'button', onclick: () => this.send(`/${c.command}`) }, `/${c.command}`, el('span', { class: 'desc' }, c.description)))));
    $('.menu', this.root).hidden = commands.length === 0;
  }

  fileView(message, version) {
    const url = `${this.base()}/messages/${message.id}/file`;
    if (message.file.kind === 'photo') return el('img', { src: `${url}?v=${version}`, alt: 'photo' });
    return el('div', { class: 'file' },
      el('span', { class: 'icon' }, '⤓'),
      el('div', {}, el('a', { href: url, download: message.file.name, class: 'download' }, message.file.name), el('div', { class: 'note' }, sizeText(message.file.size))));
  }

  render(message) {
    const version = (this.versions.get(message.id) ?? 0) + 1;
    this.versions.set(message.id, version);
    const bubble = el('div', { class: 'bubble' });
    if (message.file) bubble.append(this.fileView(message, version));
    if (message.text) bubble.append(el('span', { class: 'text' }, formatted(message.text, message.entities, (command) => this.send(command))));
    bubble.append(el('span', { class: 'meta' }, `${message.edited ? 'edited ' : ''}${time(message.date)}`));
    const item = el('li', { class: `msg ${message.fromBot ? 'bot' : 'user'}`, dataset: { messageId: String(message.id), version: String(version) } }, bubble);
    if (message.buttons.length > 0) {
      item.append(el('div', { class: 'keyboard' }, ...message.buttons.map((row) => el('div', { class: 'row' }, ...row.map((b) =>
        b.data !== undefined
          ? el('button', { type: 'button', onclick: (event) => this.press(message.id, b.data, event.currentTarget) }, b.text)
          : el('a', { href: SAFE_URL.test(b.url || '') ? b.url : '#', target: '_blank', rel: 'noopener noreferrer' }, `${b.text} ↗`))))));
    }
    const existing = $(`[data-message-id="${message.id}"]`, this.list);
    if (existing) {
      existing.replaceWith(item);
      return;
    }
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    this.list.append(item);
    if (atBottom || !message.fromBot) item.scrollIntoView({ block: 'end' });
  }
}

const panes = new Map();

function syncOpeners() {
  for (const button of document.querySelectorAll('#openers button')) {
    button.setAttribute('aria-pressed', String(panes.has(Number(button.dataset.userId))));
  }
  window.location.hash = [...panes.keys()].join(',');
}

function toggle(user) {
  const open = panes.get(user.id);
  if (open) {
    open.close();
    panes.delete(user.id);
  } else {
    const pane = new ChatPane(user, (p) => {
      p.close();
      panes.delete(p.user.id);
      syncOpeners();
    });
    panes.set(user.id, pane);
    $('#panes').append(pane.root);
  }
  syncOpeners();
}

async function refreshWorld() {
  const [inbox, phone] = await Promise.all([api('/api/inbox'), api('/api/phone')]);
  $('#inbox').replaceChildren(...inbox.map((e) =>
    el('li', { dataset: { platform: e.platform } },
      el('div', {}, el('span', { class: 'to' }, e.recipient), el('span', { class: 'note' }, ` · ${e.platform} · ${new Date(e.sentAt).toLocaleTimeString()}`)),
      el('div', { class: 'body' }, e.text))));
  $('#inbox-empty').hidden = inbox.length > 0;
  $('#login-code').textContent = phone.loginCode;
  $('#login-password').textContent = phone.password;
  $('#scan').disabled = !phone.canScan || phone.pendingLinks === 0;
  $('#scan-state').textContent = phone.pendingLinks > 0 ? 'A QR code is waiting to be scanned.' : 'No QR code to scan.';
}

async function main() {
  const users = await api('/api/users');
  $('#openers').replaceChildren(...users.map((u) =>
    el('button', { type: 'button', dataset: { userId: String(u.id) }, 'aria-pressed': 'false', onclick: () => toggle(u) }, u.first_name + (u.last_name ? ` ${u.last_name}` : ''))));
  const wanted = window.location.hash.slice(1).split(',').map(Number).filter(Boolean);
  for (const user of users.filter((u) => (wanted.length > 0 ? wanted.includes(u.id) : u === users[0]))) toggle(user);
  $('#scan').addEventListener('click', async () => {
    const { approved } = await api('/api/phone/scan', {});
    toast(approved > 0 ? 'QR code scanned by the simulated phone' : 'No QR code was waiting', approved === 0);
    await refreshWorld();
  });
  await refreshWorld();
  setInterval(() => refreshWorld().catch(() => undefined), 2000);
}

main().catch((error) => toast(String(error.message || error), true));
