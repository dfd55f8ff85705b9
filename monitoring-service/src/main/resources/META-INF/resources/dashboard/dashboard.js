// The ops dashboard: no build step, no framework. The stream is read with fetch() (EventSource cannot send the
// Authorization header) and resumed with Last-Event-ID after a disconnect, so nothing still stored is missed.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  let token = params.get('token') || localStorage.getItem('dbp-ops-token') || '';
  let lastEventId = null;
  const MAX_EVENTS = 200;

  const $ = (sel) => document.querySelector(sel);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    });
    children.forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  };
  const short = (id) => (id || '').slice(0, 8);
  const age = (seconds) => {
    if (seconds == null) return '';
    if (seconds < 90) return seconds + ' s';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' h';
    return Math.round(seconds / 86400) + ' d';
  };
  const status = (text) => { $('#status').textContent = text; };

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
    if (response.status === 401) { askForToken(); throw new Error('unauthorised'); }
    if (!response.ok) throw new Error(path + ': ' + response.status);
    return response.json();
  }

  function fill(table, rows, emptyText, columns) {
    const body = $(table + ' tbody');
    body.replaceChildren();
    if (rows.length === 0) {
      body.append(el('tr', {}, el('td', { colspan: columns, class: 'empty' }, emptyText)));
    }
    rows.forEach((row) => body.append(row));
  }

  function jobRow(job) {
    const bar = el('progress', { max: 100, value: job.percent == null ? null : job.percent });
    return el('tr', { 'data-request-id': job.requestId },
      el('td', { title: job.requestId }, short(job.requestId)), el('td', {}, job.team), el('td', {}, job.type),
      el('td', {}, bar, ' ', el('span', { class: 'pct' }, job.percent == null ? '…' : job.percent + ' %')),
      el('td', { class: 'detail' }, job.detail || ''));
  }

  async function refreshPanels() {
    try {
      const [requests, jobs, turnaround, findings] = await Promise.all([
        api('/api/v1/ops/requests'), api('/api/v1/ops/jobs'), api('/api/v1/ops/turnaround'),
        api('/api/v1/health-findings')]);
      fill('#jobs', jobs.map(jobRow), 'no job running', 5);
      fill('#queue', requests.approvalQueue.map((w) => el('tr', { 'data-request-id': w.requestId },
        el('td', { title: w.requestId }, short(w.requestId)), el('td', {}, w.team), el('td', {}, w.type),
        el('td', {}, age(w.ageSeconds)))), 'nobody is waiting', 4);
      const states = ['SUBMITTED', 'AWAITING_APPROVAL', 'APPROVED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'REJECTED',
        'CANCELLED', 'EXPIRED'];
      $('#states thead').replaceChildren(el('tr', {}, el('th', {}, 'type'),
        ...states.map((s) => el('th', {}, s.toLowerCase().replace('_', ' ')))));
      fill('#states', Object.entries(requests.counts).map(([type, byState]) => el('tr', { 'data-type': type },
        el('td', {}, type), ...states.map((s) => el('td', { 'data-state': s }, byState[s] || '')))), 'no requests', 10);
      fill('#turnaround', turnaround.map((t) => el('tr', {}, el('td', {}, t.type), el('td', {}, t.window),
        el('td', {}, t.count), el('td', {}, age(t.p50Seconds)), el('td', {}, age(t.p95Seconds)))),
        'no finished requests this week', 5);
      fill('#findings', findings.map((f) => el('tr', { 'data-kind': f.kind },
        el('td', { class: 'sev-' + f.severity }, f.severity), el('td', {}, f.kind), el('td', {}, f.resource),
        el('td', {}, f.team || ''), el('td', {}, f.message))), 'no findings', 5);
    } catch (e) {
      status('refresh failed: ' + e.message);
    }
  }

  let refreshTimer = null;
  function refreshSoon() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => { refreshTimer = null; refreshPanels(); }, 300);
  }

  function showEvent(event) {
    const kind = (event.type || '').replace('com.logicore.dbp.', '').replace(/\.v1$/, '');
    const item = el('li', { 'data-request-id': event.requestId, 'data-type': kind },
      el('span', { class: 't' }, new Date(event.time).toLocaleTimeString()), ' ', kind, ' ',
      el('b', { title: event.requestId }, short(event.requestId)), ' ',
      event.team ? 'team ' + event.team : '', ' ', event.requestType || '');
    const list = $('#events');
    list.prepend(item);
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
    if (kind === 'job.progress' && event.data) {
      const row = document.querySelector('#jobs tr[data-request-id="' + event.requestId + '"]');
      if (row && event.data.percent != null) {
        row.querySelector('progress').value = event.data.percent;
        row.querySelector('.pct').textContent = event.data.percent + ' %';
        row.querySelector('.detail').textContent = event.data.detail || '';
      }
    }
    refreshSoon();
  }

  async function stream() {
    for (;;) {
      try {
        const headers = { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch('/api/v1/stream', { headers });
        if (response.status === 401) { askForToken(); return; }
        status('live');
        refreshPanels();
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let split;
          while ((split = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, split);
            buffer = buffer.slice(split).replace(/^\r?\n\r?\n/, '');
            let data = '';
            block.split(/\r?\n/).forEach((line) => {
              if (line.startsWith('id:')) lastEventId = line.slice(3).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trim();
            });
            if (data) showEvent(JSON.parse(data));
          }
        }
      } catch (e) {
        status('reconnecting…');
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  function askForToken() {
    status('needs the ops token');
    $('#login').hidden = false;
  }

  $('#login').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('#token').value;
    localStorage.setItem('dbp-ops-token', token);
    $('#login').hidden = true;
    stream();
  });

  if (!token) { askForToken(); } else { stream(); }
  setInterval(refreshPanels, 10000);
})();
