// The status page: reads the node's admin API with the session cookie and renders it. Every value
// shown goes into the document as text (textContent, text nodes), never as markup: user and proxy
// names come from frpc clients.
'use strict';

(() => {
  const $ = id => document.getElementById(id);
  const refreshEvery = 10000;
  let leasesNext = null;

  // An element with attributes and children; strings become text nodes.
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'class') {
        element.className = value;
      } else {
        element.setAttribute(name, value);
      }
    }
    for (const child of children) {
      element.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
    }
    return element;
  }

  function time(text) {
    if (!text) {
      return '';
    }
    const date = new Date(text);
    return isNaN(date) ? String(text) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  // A silo as Orleans writes it (S127.0.0.1:11111:155299327) in the silo table's form (127.0.0.1:11111@155299327).
  function silo(text) {
    const parts = /^S(.+):(\d+)$/.exec(text || '');
    return parts ? `${parts[1]}@${parts[2]}` : (text || '?');
  }

  // A table of rows, or "none" when there are none; columns are [title, row => value, class].
  function table(id, columns, rows) {
    if (!rows.length) {
      return el('p', { class: 'none', id }, 'none');
    }
    const head = el('tr', {}, ...columns.map(([title]) => el('th', { scope: 'col' }, title)));
    const body = rows.map(row => el('tr', {}, ...columns.map(([, value, cls]) => {
      const shown = value(row);
      return el('td', cls ? { class: cls } : {}, shown instanceof Node ? shown : String(shown == null ? '' : shown));
    })));
    return el('table', { id }, el('thead', {}, head), el('tbody', {}, ...body));
  }

  function show(containerId, content) {
    $(containerId).replaceChildren(content);
  }

  function problem(text) {
    const box = $('problem');
    box.textContent = text || '';
    box.hidden = !text;
  }

  // GET of the admin API: { ok, status, body }; a lost session goes back to the sign-in form.
  async function get(path) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      window.location.assign('/status');
      throw new Error('signed out');
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { ok: response.ok, status: response.status, body };
  }

  function detail(result) {
    return (result.body && (result.body.detail || result.body.title)) || `HTTP ${result.status}`;
  }

  // A list answer: a plain array, or a page { items, next }.
  function items(body) {
    return Array.isArray(body) ? body : (body && Array.isArray(body.items) ? body.items : []);
  }

  function pool() {
    return $('pool').value || 'default';
  }

  function poolQuery() {
    return pool() === 'default' ? '' : `pool=${encodeURIComponent(pool())}`;
  }

  // ---- pools

  function renderPools(pools) {
    const cards = pools.map(p => {
      const size = p.rangeSize || 0;
      const fill = (protocol, taken) => el('div', { class: 'fill' },
        el('span', {}, protocol),
        el('meter', { min: '0', max: String(Math.max(size, 1)), value: String(taken), title: `${taken} of ${size}` }),
        el('span', { class: 'number' }, `${taken} / ${size} (${size ? (100 * taken / size).toFixed(1) : '0.0'} %)`));
      return el('div', { class: 'pool', 'data-pool': p.pool },
        el('h3', {}, p.pool),
        el('div', { class: 'muted' }, `ports ${p.range}`),
        fill('tcp', p.tcpTaken),
        fill('udp', p.udpTaken),
        el('div', { class: 'muted' }, `${p.pending} pending, ${p.takenOutsideRange} outside the range; on silo ${silo(p.silo)}`));
    });
    show('pools', cards.length ? el('div', { class: 'pools' }, ...cards) : el('p', { class: 'none' }, 'none'));
  }

  function fillPoolChoice(pools) {
    const choice = $('pool');
    const current = choice.value;
    const names = pools.map(p => p.pool);
    if (names.join('\n') === Array.from(choice.options).map(o => o.value).join('\n')) {
      return;
    }
    choice.replaceChildren(...names.map(name => el('option', { value: name }, name)));
    choice.value = names.includes(current) ? current : (names[0] || 'default');
  }

  async function loadPools() {
    const result = await get('/pools');
    if (!result.ok) {
      show('pools', el('p', { class: 'error' }, detail(result)));
      return;
    }
    fillPoolChoice(result.body);
    renderPools(result.body);
  }

  // ---- leases

  function leaseQuery(after) {
    const parameters = new URLSearchParams();
    for (const name of ['user', 'q', 'protocol', 'online']) {
      const value = $(name).value.trim();
      if (value) {
        parameters.set(name, value);
      }
    }
    if (pool() !== 'default') {
      parameters.set('pool', pool());
    }
    parameters.set('limit', '100');
    if (after) {
      parameters.set('after', after);
    }
    return parameters;
  }

  // The same filters again in the page, for an API that answers one user's leases whole.
  function matches(lease) {
    const q = $('q').value.trim().toLowerCase();
    const protocol = $('protocol').value;
    const online = $('online').value;
    return (!q || [lease.user, lease.lastProxyName, lease.key].some(n => String(n || '').toLowerCase().includes(q)))
      && (!protocol || lease.protocol === protocol)
      && (!online || String(lease.online) === online);
  }

  const leaseColumns = [
    ['User', l => l.user, 'name'],
    ['Proxy', l => l.lastProxyName || l.key, 'name'],
    ['Protocol', l => l.protocol],
    ['Port', l => l.port, 'number'],
    ['Online', l => el('span', { class: l.online ? 'online' : 'offline' }, l.online ? 'online' : 'offline')],
    ['Last seen', l => time(l.lastSeen)],
  ];

  let shownLeases = [];

  function renderLeases() {
    show('leases', table('lease-table', leaseColumns, shownLeases));
    const online = shownLeases.filter(l => l.online).length;
    $('lease-summary').textContent =
      `${shownLeases.length} lease${shownLeases.length === 1 ? '' : 's'} shown: ${online} online, ${shownLeases.length - online} offline`
      + (leasesNext ? '; more on the next page' : '');
    $('more').hidden = !leasesNext;
  }

  async function loadLeases(more) {
    const result = await get(`/leases?${leaseQuery(more ? leasesNext : null)}`);
    if (!result.ok) {
      shownLeases = more ? shownLeases : [];
      leasesNext = null;
      renderLeases();
      $('lease-summary').textContent = result.status === 400 && !$('user').value.trim()
        ? `Type a user to list its leases (${detail(result)})`
        : detail(result);
      return;
    }
    const found = items(result.body).filter(matches);
    shownLeases = more ? shownLeases.concat(found) : found;
    leasesNext = Array.isArray(result.body) ? null : (result.body && result.body.next) || null;
    renderLeases();
  }

  // ---- reservations and limits (shown as "none" where the API has none)

  function renderReservations(rows) {
    show('reservations', table('reservation-table', [
      ['Pool', r => r.pool || pool()],
      ['Protocol', r => r.protocol],
      ['Port', r => r.port, 'number'],
      ['User', r => r.user, 'name'],
      ['Proxy', r => r.proxy || '(port blocked)', 'name'],
    ], rows));
  }

  async function loadReservations() {
    const result = await get(`/reservations?${poolQuery()}`);
    renderReservations(result.ok ? items(result.body) : []);
  }

  // Rows of { pool, user, maxPorts, range }, from a list of them or from a pool's limits
  // ({ pool, maxPortsPerUser, users: [{ user, limit: { maxPorts, ports } }] }).
  function limitRows(body) {
    if (Array.isArray(body)) {
      return body;
    }
    if (body && Array.isArray(body.users)) {
      return body.users.map(u => ({ pool: body.pool, user: u.user, maxPorts: u.limit && u.limit.maxPorts, range: u.limit && u.limit.ports }));
    }
    return items(body);
  }

  function renderLimits(body) {
    const rows = limitRows(body);
    const own = table('limit-table', [
      ['Pool', r => r.pool],
      ['User', r => r.user, 'name'],
      ['Max ports', r => (r.maxPorts == null ? 'default' : (r.maxPorts === 0 ? 'no limit' : r.maxPorts)), 'number'],
      ['Ports', r => r.range || 'any of the pool'],
    ], rows);
    const fallback = body && typeof body.maxPortsPerUser === 'number'
      ? el('p', { class: 'muted' }, `Every user: ${body.maxPortsPerUser === 0 ? 'no limit' : `at most ${body.maxPortsPerUser} ports`}.`)
      : null;
    $('limits').replaceChildren(...(fallback ? [fallback, own] : [own]));
  }

  async function loadLimits() {
    const result = await get(`/limits?${poolQuery()}`);
    renderLimits(result.ok ? result.body : []);
  }

  // ---- refusals and silos

  function renderRefusals(rows) {
    show('refusals', table('refusal-table', [
      ['When', r => time(r.at)],
      ['Pool', r => r.pool],
      ['User', r => r.user, 'name'],
      ['Proxy', r => r.proxy, 'name'],
      ['Protocol', r => r.protocol],
      ['Port', r => (r.port == null ? 'any' : r.port), 'number'],
      ['Reason', r => r.reason, 'reason'],
    ], rows));
  }

  // Reads a list of the admin API into its section, or says there why it could not.
  async function loadList(path, containerId, render) {
    const result = await get(path);
    if (result.ok) {
      render(items(result.body));
    } else {
      show(containerId, el('p', { class: 'error' }, detail(result)));
    }
  }

  const loadRefusals = () => loadList('/refusals', 'refusals', renderRefusals);

  function renderSilos(rows) {
    show('silos', table('silo-table', [
      ['Address', s => s.address],
      ['Name', s => s.name],
      ['Host', s => s.host],
      ['Status', s => s.status],
      ['Started', s => time(s.startedAt)],
      ['Alive at', s => time(s.aliveAt)],
    ], rows));
  }

  const loadSilos = () => loadList('/silos', 'silos', renderSilos);

  // ---- the page

  async function settle(parts) {
    const results = await Promise.allSettled(parts.map(part => part()));
    const failed = results.find(r => r.status === 'rejected' && r.reason && r.reason.message !== 'signed out');
    problem(failed ? `The node did not answer (${failed.reason.message}); showing what was read before.` : '');
    $('updated').textContent = `updated ${time(new Date().toISOString())}`;
  }

  const overview = [loadReservations, loadLimits, loadRefusals, loadSilos];

  async function start() {
    await settle([loadPools]);
    await settle([loadLeases, ...overview]);
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('search').addEventListener('submit', event => {
      event.preventDefault();
      settle([() => loadLeases(false)]);
    });
    $('pool').addEventListener('change', () => settle([() => loadLeases(false), loadReservations, loadLimits]));
    $('more').addEventListener('click', () => settle([() => loadLeases(true)]));
    $('refresh').addEventListener('click', () => settle([loadPools, () => loadLeases(false), ...overview]));
    start();
    setInterval(() => settle([loadPools, ...overview]), refreshEvery);
  });
})();
