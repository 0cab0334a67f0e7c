// EALS operator UI: plain JS, no build step, no inline code (served under CSP default-src 'self').
// Data comes from the JSON API under /api; changes arrive live over server-sent events (/api/events).
'use strict';

(function () {
  const STATES = ['Unknown', 'EdhocInProgress', 'Enrolled', 'ReEnrolled', 'Failed'];
  const STATE_LABELS = { Unknown: 'Not authenticated', EdhocInProgress: 'EDHOC done', Enrolled: 'Enrolled', ReEnrolled: 'Re-enrolled', Failed: 'Failed' };
  const session = { name: '', csrfToken: null };
  const view = { pledgePage: 1, pledgeTotal: 0, certificatePage: 1, certificateTotal: 0, selectedPledge: null, lastSites: 0 };
  const PAGE_SIZE = 50;

  const $ = (id) => document.getElementById(id);

  // Builds an element; text goes in as text, never as markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'testid') node.dataset.testid = value;
      else if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function time(value) {
    if (!value) return '';
    const date = new Date(value);
    return isNaN(date) ? String(value) : date.toLocaleString();
  }

  class ApiError extends Error {}
  class ForbiddenError extends ApiError {}

  // A body is sent as JSON unless a content type is given (then as it is, e.g. a file's text).
  async function api(method, path, body, contentType) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = contentType || 'application/json';
      if (session.csrfToken) headers['X-CSRF-TOKEN'] = session.csrfToken;
    }
    const payload = body === undefined ? undefined : contentType ? body : JSON.stringify(body);
    const response = await fetch(path, { method, headers, credentials: 'same-origin', body: payload });
    if (response.status === 401) {
      window.location.assign('/login');
      throw new ApiError('not signed in');
    }
    const isJson = (response.headers.get('Content-Type') || '').includes('json');
    const data = isJson ? await response.json() : null;
    if (!response.ok) {
      const message = (data && (data.detail || data.title)) || `${response.status} ${response.statusText}`;
      throw response.status === 403 ? new ForbiddenError(message) : new ApiError(message);
    }
    return data;
  }

  async function loadSession() {
    try {
      const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.status === 401) {
        window.location.assign('/login');
        return;
      }
      if (response.ok) {
        const data = await response.json();
        session.name = data.name || '';
        session.csrfToken = data.csrfToken || null;
        $('operator').textContent = session.name + (data.roles && data.roles.length ? ` (${data.roles.join(', ')})` : '');
        $('logout').hidden = false;
      }
    } catch (error) {
      // No session endpoint: the API's own authentication still applies to every call.
    }
  }

  // ---- Fleet ----
  function renderFleet(fleet) {
    const tiles = $('fleet-counts');
    for (const state of STATES) {
      let value = tiles.querySelector(`[data-testid="fleet-count-${state}"]`);
      if (!value) {
        value = el('span', { class: 'value', testid: `fleet-count-${state}` });
        tiles.append(el('div', { class: 'tile' }, el('span', { class: 'label' }, STATE_LABELS[state]), value));
      }
      value.textContent = String((fleet.counts && fleet.counts[state]) || 0);
    }
    $('pacer-in-flight').textContent = String(fleet.inFlight);
    $('pacer-cap').textContent = `cap ${fleet.maxInFlight}, reserved ${fleet.reserved}`;
    $('pacer-waiting').textContent = String(fleet.waiting);
    $('pending-approvals').textContent = String(fleet.pendingApprovals);
    drawChart(fleet.completedPerMinute || []);
    if (Date.now() - view.lastSites > 5000) {
      view.lastSites = Date.now();
      loadPacing(false);
    }
  }

  function drawChart(series) {
    const svg = $('enrollment-chart');
    const ns = 'http://www.w3.org/2000/svg';
    const width = 720, height = 180, left = 36, bottom = 20, top = 10;
    const max = Math.max(1, ...series.map((m) => m.completed));
    const barWidth = (width - left) / Math.max(1, series.length);
    svg.replaceChildren();
    const line = (x1, y1, x2, y2) => {
      const node = document.createElementNS(ns, 'line');
      Object.entries({ x1, y1, x2, y2, class: 'axis' }).forEach(([k, v]) => node.setAttribute(k, v));
      svg.append(node);
    };
    const text = (x, y, value, anchor) => {
      const node = document.createElementNS(ns, 'text');
      node.setAttribute('x', x);
      node.setAttribute('y', y);
      node.setAttribute('text-anchor', anchor);
      node.textContent = value;
      svg.append(node);
    };
    line(left, height - bottom, width, height - bottom);
    line(left, top, left, height - bottom);
    text(left - 4, top + 8, String(max), 'end');
    text(left - 4, height - bottom, '0', 'end');
    series.forEach((minute, i) => {
      const h = (minute.completed / max) * (height - bottom - top);
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', left + i * barWidth + 1);
      bar.setAttribute('y', height - bottom - h);
      bar.setAttribute('width', Math.max(1, barWidth - 2));
      bar.setAttribute('height', h);
      bar.setAttribute('class', 'bar');
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${new Date(minute.minute).toLocaleTimeString()}: ${minute.completed}`;
      bar.append(title);
      svg.append(bar);
    });
    if (series.length > 0) {
      text(left, height - 4, new Date(series[0].minute).toLocaleTimeString(), 'start');
      text(width, height - 4, new Date(series[series.length - 1].minute).toLocaleTimeString(), 'end');
    }
  }

  // ---- Approvals ----
  function renderApprovals(queue) {
    const body = $('approvals-body');
    const items = queue.items || [];
    const present = new Set(items.map((r) => r.serial));
    for (const row of Array.from(body.rows)) {
      if (!present.has(row.dataset.serial)) row.remove();
    }
    for (const record of items) {
      if (body.querySelector(`tr[data-serial="${CSS.escape(record.serial)}"]`)) continue;
      body.append(approvalRow(record));
    }
    $('approvals-empty').hidden = items.length > 0;
    $('approvals-table').hidden = items.length === 0;
  }

  function approvalRow(record) {
    const voucher = record.voucher || {};
    const identity = record.identity || {};
    const serial = record.serial;
    const reason = el('input', { type: 'text', testid: `reason-${serial}`, placeholder: 'reason (required)', maxlength: '500', 'aria-label': `Reason for ${serial}` });
    const decide = async (approve, button) => {
      const text = reason.value.trim();
      if (!text) {
        $('approvals-error').textContent = `Give a reason for ${serial}: every decision is audited with it.`;
        reason.focus();
        return;
      }
      button.disabled = true;
      try {
        await api('POST', `/api/approvals/${encodeURIComponent(serial)}/${approve ? 'approve' : 'reject'}`, { reason: text });
        $('approvals-error').textContent = '';
        const row = $('approvals-body').querySelector(`tr[data-serial="${CSS.escape(serial)}"]`);
        if (row) row.remove();
        $('approvals-empty').hidden = $('approvals-body').rows.length > 0;
      } catch (error) {
        $('approvals-error').textContent = `${serial}: ${error.message}`;
      } finally {
        button.disabled = false;
      }
    };
    const approve = el('button', { type: 'button', testid: `approve-${serial}` }, 'Approve');
    const reject = el('button', { type: 'button', class: 'danger', testid: `reject-${serial}` }, 'Reject');
    approve.addEventListener('click', () => decide(true, approve));
    reject.addEventListener('click', () => decide(false, reject));
    const row = el('tr', { testid: `approval-row-${serial}` },
      el('td', { class: 'mono' }, serial),
      el('td', {}, voucher.manufacturer || ''),
      el('td', { class: 'mono' }, voucher.masa || ''),
      el('td', { class: 'mono', testid: `nonce-${serial}` }, voucher.nonceHex || ''),
      el('td', {}, voucher.expiresOn ? time(voucher.expiresOn) : 'no expiry'),
      el('td', { class: 'mono' }, voucher.idevidSubject || identity.subject || ''),
      el('td', {}, time(record.requestedAt)),
      el('td', {}, el('div', { class: 'decision' }, reason, approve, reject)));
    row.dataset.serial = serial;
    return row;
  }

  // ---- Pledges ----
  async function loadPledges() {
    const params = new URLSearchParams();
    const q = $('pledge-search').value.trim();
    const state = $('pledge-state-filter').value;
    if (q) params.set('q', q);
    if (state) params.set('state', state);
    params.set('page', String(view.pledgePage));
    try {
      const page = await api('GET', `/api/pledges?${params}`);
      view.pledgeTotal = page.total;
      $('pledge-total').textContent = `${page.total} found`;
      $('pledge-page').textContent = String(view.pledgePage);
      $('pledge-prev').disabled = view.pledgePage <= 1;
      $('pledge-next').disabled = view.pledgePage * PAGE_SIZE >= page.total;
      $('pledges-body').replaceChildren(...page.items.map(pledgeRow));
    } catch (error) {
      $('pledge-total').textContent = error.message;
    }
  }

  function pledgeRow(entry) {
    const row = el('tr', { class: 'clickable', testid: `pledge-row-${entry.serial}` },
      el('td', { class: 'mono' }, entry.serial),
      el('td', { class: `state-${entry.status}`, testid: `pledge-state-${entry.serial}` }, STATE_LABELS[entry.status] || entry.status),
      el('td', { testid: `pledge-since-${entry.serial}` }, time(entry.updatedAt)));
    row.dataset.serial = entry.serial;
    row.dataset.state = entry.status;
    row.addEventListener('click', () => showPledge(entry.serial));
    return row;
  }

  async function showPledge(serial) {
    view.selectedPledge = serial;
    for (const row of $('pledges-body').rows) row.classList.toggle('selected', row.dataset.serial === serial);
    try {
      const pledge = await api('GET', `/api/pledges/${encodeURIComponent(serial)}`);
      $('pledge-detail').hidden = false;
      $('pledge-detail-serial').textContent = serial;
      const certificate = pledge.certificate ? `certificate ${pledge.certificate.serialHex} until ${time(pledge.certificate.notAfter)}` : 'no certificate';
      $('pledge-detail-summary').textContent = `${STATE_LABELS[pledge.status] || pledge.status}; ${certificate}`;
      $('pledge-timeline').replaceChildren(...pledge.timeline.map((step, i) => el('tr', { testid: `timeline-${i}` },
        el('td', {}, time(step.at)), el('td', {}, step.step), el('td', { class: `outcome-${step.outcome}` }, step.outcome), el('td', { class: 'mono' }, step.detail || ''))));
    } catch (error) {
      $('pledge-detail-summary').textContent = error.message;
    }
  }

  let pledgeReload = null;
  function applyPledgeChanges(event) {
    let unseen = event.missed;
    const state = $('pledge-state-filter').value;
    for (const change of event.changes || []) {
      const row = $('pledges-body').querySelector(`tr[data-serial="${CSS.escape(change.serial)}"]`);
      if (row && (!state || state === change.status)) {
        const cell = row.querySelector(`[data-testid="pledge-state-${CSS.escape(change.serial)}"]`);
        cell.textContent = STATE_LABELS[change.status] || change.status;
        cell.className = `state-${change.status}`;
        row.querySelector(`[data-testid="pledge-since-${CSS.escape(change.serial)}"]`).textContent = time(change.updatedAt);
        row.dataset.state = change.status;
      } else {
        unseen = true;
      }
      if (view.selectedPledge === change.serial) showPledge(change.serial);
    }
    // Pledges the page does not show yet (or that leave the filter): fetch the page again, once for a burst.
    if (unseen && !pledgeReload) {
      pledgeReload = setTimeout(() => { pledgeReload = null; loadPledges(); }, 500);
    }
    if ((event.changes || []).some((c) => c.status === 'Enrolled' || c.status === 'ReEnrolled')) scheduleCertificates();
  }

  // ---- Certificates ----
  async function loadCertificates() {
    try {
      const page = await api('GET', `/api/certificates?page=${view.certificatePage}`);
      view.certificateTotal = page.total;
      $('certificate-total').textContent = `${page.total} issued`;
      $('certificate-page').textContent = String(view.certificatePage);
      $('certificate-prev').disabled = view.certificatePage <= 1;
      $('certificate-next').disabled = view.certificatePage * PAGE_SIZE >= page.total;
      $('certificates-body').replaceChildren(...page.items.map((c) => {
        const show = el('button', { type: 'button', class: 'secondary', testid: `certificate-view-${c.serialHex}` }, 'View');
        show.addEventListener('click', () => showCertificate(c.serialHex));
        return el('tr', { testid: `certificate-row-${c.serialHex}` },
          el('td', { class: 'mono' }, c.serialHex),
          el('td', { class: 'mono' }, c.pledgeSerial),
          el('td', { class: 'mono' }, c.subject),
          el('td', {}, time(c.issuedAt) + (c.reEnrollment ? ' (re-enrollment)' : '')),
          el('td', {}, time(c.notAfter)),
          el('td', {}, show, ' ', el('a', { href: `/api/certificates/${encodeURIComponent(c.serialHex)}.pem`, download: `${c.serialHex}.pem`, testid: `certificate-download-${c.serialHex}` }, 'PEM')));
      }));
    } catch (error) {
      $('certificate-total').textContent = error.message;
    }
  }

  async function showCertificate(serialHex) {
    const detail = $('certificate-detail');
    try {
      const record = await api('GET', `/api/certificates/${encodeURIComponent(serialHex)}`);
      const pem = await fetch(`/api/certificates/${encodeURIComponent(serialHex)}.pem`, { credentials: 'same-origin' });
      detail.textContent = [
        `Serial number: ${record.serialHex}`, `Subject: ${record.subject}`, `Pledge: ${record.pledgeSerial}`,
        `Valid: ${time(record.notBefore)} to ${time(record.notAfter)}`, `Issued: ${time(record.issuedAt)}${record.reEnrollment ? ' (re-enrollment)' : ''}`,
        record.supersedes ? `Supersedes: ${record.supersedes}` : '', '', pem.ok ? await pem.text() : '(no PEM kept for this certificate)',
      ].filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== '')).join('\n');
      detail.hidden = false;
    } catch (error) {
      detail.textContent = error.message;
      detail.hidden = false;
    }
  }

  let certificateReload = null;
  function scheduleCertificates() {
    if (certificateReload) return;
    certificateReload = setTimeout(() => { certificateReload = null; loadCertificates(); }, 1000);
  }

  // ---- Pre-shared keys (administrators; secrets go in from a file and never come back) ----
  async function loadPsk() {
    try {
      const keys = await api('GET', '/api/psk');
      $('psk').hidden = false;
      $('psk-total').textContent = `${keys.length} keys`;
      $('psk-body').replaceChildren(...keys.map((k) => {
        const remove = el('button', { type: 'button', class: 'secondary', testid: `psk-remove-${k.serial}` }, 'Remove');
        remove.addEventListener('click', () => removePsk(k));
        return el('tr', { testid: `psk-row-${k.serial}` },
          el('td', { class: 'mono' }, k.serial),
          el('td', { class: 'mono' }, k.idContext),
          el('td', {}, time(k.importedAt)),
          el('td', {}, k.importedBy),
          el('td', { testid: `psk-first-used-${k.serial}` }, k.firstUsedAt ? time(k.firstUsedAt) : 'not yet'),
          el('td', {}, remove));
      }));
    } catch (error) {
      // Operators who may not manage keys do not see the section at all.
      if (error instanceof ForbiddenError) $('psk').hidden = true;
      else $('psk-message').textContent = error.message;
    }
  }

  async function importPsk(event) {
    event.preventDefault();
    const file = $('psk-file').files[0];
    if (!file) return;
    try {
      const result = await api('POST', '/api/psk/batch', await file.text(), 'application/x-ndjson');
      $('psk-message').textContent = `Imported ${result.imported} keys from ${file.name}. Delete the file: it holds every secret.`;
      $('psk-import-form').reset();
    } catch (error) {
      $('psk-message').textContent = `Nothing imported: ${error.message}`;
    }
    await loadPsk();
  }

  async function removePsk(key) {
    if (!window.confirm(`Remove the key of ${key.serial}? Its pledge can no longer use it.`)) return;
    try {
      await api('DELETE', `/api/psk/${encodeURIComponent(key.idContext)}`);
      $('psk-message').textContent = `Removed the key of ${key.serial}.`;
    } catch (error) {
      $('psk-message').textContent = `Not removed: ${error.message}`;
    }
    await loadPsk();
  }

  // ---- Pacing ----
  const PACING_FIELDS = ['maxInFlight', 'defaultSiteCap', 'admissionRate', 'admissionBurst'];

  async function loadPacing(fillForm) {
    try {
      const pacing = await api('GET', '/api/pacing');
      if (fillForm) {
        for (const field of PACING_FIELDS) $(`pacing-${field}`).value = String(pacing.settings[field]);
      }
      $('pacing-sites').replaceChildren(...pacing.sites.map((s) => el('tr', { testid: `pacing-site-${s.site}` },
        el('td', { class: 'mono' }, s.site), el('td', {}, s.cap), el('td', {}, s.inFlight), el('td', {}, s.reserved), el('td', {}, s.waiting), el('td', {}, time(s.reportedAt)))));
    } catch (error) {
      $('pacing-message').textContent = error.message;
    }
  }

  async function savePacing(event) {
    event.preventDefault();
    const update = {};
    for (const field of PACING_FIELDS) update[field] = Number($(`pacing-${field}`).value);
    try {
      const pacing = await api('PUT', '/api/pacing', update);
      for (const field of PACING_FIELDS) $(`pacing-${field}`).value = String(pacing.settings[field]);
      $('pacing-message').textContent = `Saved (revision ${pacing.settings.revision}).`;
    } catch (error) {
      $('pacing-message').textContent = `Not saved: ${error.message}`;
    }
  }

  // ---- Live events ----
  let source = null;
  function connect() {
    source = new EventSource('/api/events');
    source.addEventListener('open', () => { $('live-status').textContent = 'live'; $('live-status').className = 'status online'; });
    source.addEventListener('error', () => {
      $('live-status').textContent = 'reconnecting';
      $('live-status').className = 'status offline';
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the session ended): check the session, then start again.
        setTimeout(async () => { await loadSession(); connect(); }, 3000);
      }
    });
    source.addEventListener('fleet', (e) => renderFleet(JSON.parse(e.data)));
    source.addEventListener('approvals', (e) => renderApprovals(JSON.parse(e.data)));
    source.addEventListener('pledges', (e) => applyPledgeChanges(JSON.parse(e.data)));
  }

  async function logout() {
    try {
      await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: session.csrfToken ? { 'X-CSRF-TOKEN': session.csrfToken } : {} });
    } finally {
      window.location.assign('/login');
    }
  }

  async function start() {
    await loadSession();
    $('logout').addEventListener('click', logout);
    $('pledge-search-form').addEventListener('submit', (e) => { e.preventDefault(); view.pledgePage = 1; loadPledges(); });
    $('pledge-state-filter').addEventListener('change', () => { view.pledgePage = 1; loadPledges(); });
    $('pledge-prev').addEventListener('click', () => { view.pledgePage = Math.max(1, view.pledgePage - 1); loadPledges(); });
    $('pledge-next').addEventListener('click', () => { view.pledgePage += 1; loadPledges(); });
    $('certificate-prev').addEventListener('click', () => { view.certificatePage = Math.max(1, view.certificatePage - 1); loadCertificates(); });
    $('certificate-next').addEventListener('click', () => { view.certificatePage += 1; loadCertificates(); });
    $('certificate-refresh').addEventListener('click', loadCertificates);
    $('pacing-form').addEventListener('submit', savePacing);
    $('psk-import-form').addEventListener('submit', importPsk);
    $('psk-refresh').addEventListener('click', loadPsk);
    renderApprovals({ total: 0, items: [] });
    await Promise.all([loadPledges(), loadCertificates(), loadPacing(true), loadPsk()]);
    connect();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
