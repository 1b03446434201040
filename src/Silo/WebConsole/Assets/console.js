// The DTaaS console. Everything shown is put in the page as text nodes or attributes (never parsed as HTML); the
// session is an HttpOnly cookie this script never sees; writes carry the session's CSRF header.
'use strict';
(() => {
  const api = '/console/api/';
  const svgNs = 'http://www.w3.org/2000/svg';
  const pages = ['domains', 'apps', 'networks', 'trusts', 'events'];
  const capabilities = ['DISCOVER', 'CREATE', 'READ', 'UPDATE', 'DELETE', 'MANAGE', 'REQUEST'];
  let csrf = null;
  let stream = null;
  const byId = id => document.getElementById(id);

  // An element with attributes and children (strings become text nodes).
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) element.setAttribute(name, String(value));
    }
    element.append(...children.filter(c => c !== null && c !== undefined).map(c => typeof c === 'object' ? c : String(c)));
    return element;
  }

  function svg(tag, attributes, text) {
    const element = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // Only http(s) links: a URI from another member is data, never a javascript: link.
  function link(uri) {
    if (!uri) return '';
    try {
      const parsed = new URL(uri);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return el('a', { href: parsed.href, rel: 'noopener noreferrer' }, uri);
    } catch (e) { /* not a URL: shown as text */ }
    return uri;
  }

  async function call(method, path, body) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrf) headers['X-Console-Csrf'] = csrf;
    const response = await fetch(api + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && path !== 'login') {
      showLogin('Your session has ended: sign in again.');
    }
    return response;
  }

  async function errorOf(response) {
    try { return (await response.json()).error || response.statusText; } catch (e) { return response.statusText; }
  }

  function showLogin(message) {
    if (stream) { stream.close(); stream = null; }
    csrf = null;
    byId('main').hidden = true;
    byId('login').hidden = false;
    byId('login-error').textContent = message || '';
    byId('password').value = '';
  }

  function showMain(session) {
    csrf = session.csrf;
    byId('node-name').textContent = session.node;
    byId('user').textContent = session.user;
    byId('login').hidden = true;
    byId('main').hidden = false;
    showPage();
    listen();
  }

  function showPage() {
    const page = pages.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'domains';
    for (const name of pages) byId('page-' + name).hidden = name !== page;
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('current', a.dataset.page === page);
  }

  function listen() {
    if (stream) stream.close();
    stream = new EventSource(api + 'stream');
    const live = byId('live');
    stream.addEventListener('ready', () => { live.textContent = 'live'; live.classList.add('on'); });
    stream.addEventListener('node', e => renderNode(JSON.parse(e.data)));
    stream.addEventListener('user', e => renderUser(JSON.parse(e.data)));
    stream.addEventListener('expired', () => showLogin('Your session has expired: sign in again.'));
    stream.onerror = async () => {
      live.textContent = 'reconnecting'; live.classList.remove('on');
      if (stream && stream.readyState === EventSource.CLOSED) {
        // A refused stream (401) does not retry by itself: ask whether the session still holds.
        const response = await call('GET', 'session');
        if (response.ok) setTimeout(listen, 1000);
      }
    };
  }

  function renderNode(node) {
    byId('node-name').textContent = node.node;
    renderDomains(node);
    rows('apps', node.apps.map(a => el('tr', { 'data-app': a.name },
      el('td', {}, a.name), el('td', {}, link(a.uri)), el('td', {}, a.origin), el('td', {}, a.authenticationType || 'None'),
      el('td', {}, a.status || 'Served', a.message ? el('div', { class: 'error' }, a.message) : null))));
    const networks = byId('networks');
    networks.replaceChildren(...node.networks.map(n => el('div', { class: 'network', 'data-network': n.name },
      el('h3', {}, n.name),
      el('p', {}, `Domain ${n.domain || '-'}, pod ${n.pod || '-'}, status ${n.status || '-'}, server ${n.server}`),
      n.message ? el('p', { class: 'error' }, n.message) : null,
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Pod address'), el('th', {}, 'Node'), el('th', {}, 'Role'))),
        el('tbody', {}, ...n.pods.map(p => el('tr', { 'data-pod': p.address }, el('td', {}, p.address), el('td', {}, p.node || '-'),
          el('td', {}, p.server ? 'server' : 'client'))))))));
    if (node.networks.length === 0) networks.replaceChildren(el('p', {}, 'No dtService on this node.'));
    rows('events', node.events.map(e => el('tr', {},
      el('td', {}, e.time ? new Date(e.time).toLocaleString() : ''), el('td', {}, e.type || ''), el('td', {}, e.reason || ''),
      el('td', {}, e.object), el('td', {}, e.message || ''), el('td', {}, e.count))));
  }

  function rows(table, list) {
    byId(table).tBodies[0].replaceChildren(...list);
  }

  // A domain as a star from this node: each dtPeer is an edge with its connected state and latency, as this node sees it.
  function renderDomains(node) {
    const container = byId('domains');
    if (node.domains.length === 0) { container.replaceChildren(el('p', {}, 'This node is in no domain.')); return; }
    container.replaceChildren(...node.domains.map(domain => {
      const size = 480, centre = size / 2, radius = domain.nodes.length > 12 ? 190 : 150;
      const places = new Map();
      const others = domain.nodes.filter(n => !n.self);
      for (const vertex of domain.nodes) {
        if (vertex.self) { places.set(vertex.id, [centre, centre]); continue; }
        const angle = 2 * Math.PI * others.indexOf(vertex) / Math.max(1, others.length) - 5 * Math.PI / 6;
        places.set(vertex.id, [centre + radius * Math.cos(angle), centre + radius * Math.sin(angle)]);
      }
      const names = new Map(domain.nodes.map(n => [n.id, n.name]));
      // Room on the right for the names.
      const picture = svg('svg', { viewBox: `0 0 ${size + 220} ${size}`, role: 'img', 'data-domain': domain.name,
        'aria-label': `Domain ${domain.name}: ${domain.nodes.length} nodes` });
      for (const edge of domain.edges) {
        const [x1, y1] = places.get(edge.from) || [centre, centre];
        const [x2, y2] = places.get(edge.to) || [centre, centre];
        const state = edge.connected ? 'connected' : 'disconnected';
        picture.append(svg('line', { x1, y1, x2, y2, class: `edge ${state}`, 'data-from': names.get(edge.from), 'data-to': names.get(edge.to), 'data-connected': edge.connected }));
        picture.append(svg('text', { x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 - 4, class: 'latency' }, edge.connected ? (edge.latency || '') : 'disconnected'));
      }
      for (const vertex of domain.nodes) {
        const [x, y] = places.get(vertex.id);
        const group = svg('g', { class: 'vertex' + (vertex.self ? ' self' : '') + (vertex.creator ? ' creator' : ''), 'data-node': vertex.name });
        if (vertex.creator) group.append(svg('circle', { cx: x, cy: y, r: 17, class: 'creator-ring' }));
        group.append(svg('circle', { cx: x, cy: y, r: 12 }));
        group.append(svg('text', { x: x + 16, y: y + 24, class: 'name' }, vertex.name + (vertex.self ? ' (this node)' : '') + (vertex.creator ? ' (creator)' : '')));
        picture.append(group);
      }
      const list = el('ul', { class: 'domain-list', 'aria-label': `Members of ${domain.name}` },
        ...domain.nodes.filter(n => n.self).map(n => el('li', { 'data-node': n.name }, `${n.name}: this node${n.creator ? ', creator' : ''}`)),
        ...domain.edges.map(e => el('li', { 'data-peer': names.get(e.to), 'data-connected': e.connected },
          `${names.get(e.to)}${domain.nodes.find(n => n.id === e.to)?.creator ? ' (creator)' : ''}: ` +
          (e.connected ? `connected${e.latency ? ', latency ' + e.latency : ''}` : 'disconnected'))));
      return el('div', { class: 'domain', 'data-domain': domain.name },
        el('h3', {}, `${domain.name} (${domain.status || 'unknown'})`),
        domain.message ? el('p', { class: 'error' }, domain.message) : null,
        picture,
        el('p', { class: 'legend' }, 'Filled: this node. Gold ring: the creator. Green: connected; red dashed: disconnected.'),
        list);
    }));
  }

  function renderUser(user) {
    byId('user').textContent = user.user;
    rows('servables', user.servables.map(s => el('tr', { 'data-servable': s.id },
      el('td', {}, s.name || s.id), el('td', {}, s.type), el('td', {}, s.node || ''), el('td', {}, s.capabilities.join(', ')), el('td', {}, link(s.uri)))));
    byId('unreachable').textContent = user.unreachable.length ? `Not answering now: ${user.unreachable.join(', ')}` : '';
    renderTrusts(user.trusts);
  }

  // Re-rendering keeps what the user is typing in the trusts' forms.
  function renderTrusts(trusts) {
    const container = byId('trusts');
    const typed = new Map([...container.querySelectorAll('input, select')].filter(i => i.id).map(i => [i.id, i.type === 'checkbox' ? i.checked : i.value]));
    const focused = document.activeElement && document.activeElement.id;
    container.replaceChildren(...trusts.map((trust, index) => {
      const members = el('ul', { class: 'members' },
        ...trust.trustees.map(p => memberItem(trust, p, 'trustee')),
        ...trust.members.filter(p => !trust.trustees.includes(p)).map(p => memberItem(trust, p, 'member')));
      const objects = el('ul', { class: 'objects' }, ...trust.objects.map(o => el('li', { 'data-object': o.id }, `${o.id} on ${o.node}: ${o.capabilities.join(', ')}`)));
      const addMember = el('form', { class: 'add-member' },
        el('label', { for: `member-${index}` }, 'Add'), el('input', { id: `member-${index}`, maxlength: 256, placeholder: 'user@node', required: true }),
        el('select', { id: `role-${index}`, 'aria-label': 'Role' }, el('option', { value: 'member' }, 'member'), el('option', { value: 'trustee' }, 'trustee')),
        el('button', { type: 'submit' }, 'Add member'));
      addMember.addEventListener('submit', e => {
        e.preventDefault();
        change('POST', trust, 'members', { principal: byId(`member-${index}`).value, role: byId(`role-${index}`).value }, `member-${index}`);
      });
      const linkObject = el('form', { class: 'link-object' },
        el('label', { for: `object-${index}` }, 'Link object'), el('input', { id: `object-${index}`, maxlength: 256, placeholder: 'object id', required: true }),
        el('label', { for: `object-node-${index}` }, 'on node'), el('input', { id: `object-node-${index}`, maxlength: 256, placeholder: 'node name', required: true }),
        ...capabilities.map(c => el('label', {}, el('input', { type: 'checkbox', id: `cap-${index}-${c}`, value: c }), c.toLowerCase())),
        el('button', { type: 'submit' }, 'Link'));
      linkObject.addEventListener('submit', e => {
        e.preventDefault();
        const given = capabilities.filter(c => byId(`cap-${index}-${c}`).checked);
        change('POST', trust, 'objects', { id: byId(`object-${index}`).value, node: byId(`object-node-${index}`).value, capabilities: given }, `object-${index}`);
      });
      return el('div', { class: 'trust', 'data-trust': trust.id },
        el('h3', {}, `${trust.name} (home ${trust.node})`),
        el('h4', {}, 'Members'), members, el('h4', {}, 'Linked objects'), objects, addMember, linkObject);
    }));
    if (trusts.length === 0) container.replaceChildren(el('p', {}, 'You are in no trust.'));
    for (const [id, value] of typed) {
      const input = byId(id);
      if (!input) continue;
      if (input.type === 'checkbox') input.checked = value; else input.value = value;
    }
    if (focused && byId(focused)) byId(focused).focus();
  }

  function memberItem(trust, principal, role) {
    const remove = el('button', { type: 'button', class: 'remove-member', 'data-member': principal }, 'Remove');
    remove.addEventListener('click', () => change('DELETE', trust, 'members/' + encodeURIComponent(principal)));
    return el('li', { 'data-member': principal }, `${principal} (${role}) `, remove);
  }

  async function change(method, trust, path, body, clear) {
    const status = byId('trust-status');
    status.textContent = 'Saving...';
    const response = await call(method, `trusts/${encodeURIComponent(trust.id)}/${path}`, body);
    if (response.ok) {
      status.textContent = `Saved: ${trust.name}`;
      if (clear && byId(clear)) byId(clear).value = '';
    } else if (response.status !== 401) {
      status.textContent = `Not saved: ${await errorOf(response)}`;
    }
  }

  async function start() {
    window.addEventListener('hashchange', showPage);
    byId('login-form').addEventListener('submit', async e => {
      e.preventDefault();
      byId('login-error').textContent = '';
      const response = await call('POST', 'login', { username: byId('username').value, password: byId('password').value });
      if (response.ok) showMain(await response.json());
      else showLogin(await errorOf(response));
    });
    byId('logout').addEventListener('click', async () => {
      await call('POST', 'logout');
      showLogin('Signed out.');
    });
    const response = await fetch(api + 'session', { credentials: 'same-origin' });
    if (response.ok) showMain(await response.json());
    else showLogin('');
  }

  start();
})();
