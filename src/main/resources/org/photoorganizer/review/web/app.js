// The review page. Builds every element with textContent (never innerHTML), asks the service only while
// the tab is visible, and sends the CSRF token (and in DSM, the SynoToken) with every action.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var mode = document.querySelector('meta[name="review-mode"]').content;
  var synoToken = new URLSearchParams(location.search).get('SynoToken') || '';
  var base = location.href.split('?')[0].split('#')[0];
  var current = 'status';
  var pollTimer = null;
  var activityCursor = 0;
  var duplicatesCursor = 0;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = attrs[key]; }
      else if (key === 'className') { node.className = attrs[key]; }
      else if (key.indexOf('on') === 0) { node.addEventListener(key.substring(2), attrs[key]); }
      else { node.setAttribute(key, attrs[key]); }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function url(path, params) {
    var u = new URL(path, base);
    Object.keys(params || {}).forEach(function (key) {
      if (params[key] !== undefined && params[key] !== null && params[key] !== '') { u.searchParams.set(key, params[key]); }
    });
    if (synoToken) { u.searchParams.set('SynoToken', synoToken); }
    return u.toString();
  }

  function headers(extra) {
    var h = extra || {};
    if (synoToken) { h['X-SYNO-TOKEN'] = synoToken; }
    return h;
  }

  function get(path, params) {
    return fetch(url(path, params), { headers: headers(), credentials: 'same-origin' }).then(answer);
  }

  function post(body) {
    return fetch(url('api/action'), {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
      headers: headers({ 'Content-Type': 'application/json', 'X-CSRF-Token': csrf })
    }).then(answer);
  }

  function answer(response) {
    return response.text().then(function (text) {
      var data;
      try { data = JSON.parse(text); } catch (e) { data = { error: text || response.statusText }; }
      if (!response.ok) { throw new Error(data.error || ('HTTP ' + response.status)); }
      return data;
    });
  }

  function toast(message, bad) {
    var t = $('toast');
    t.textContent = message;
    t.className = bad ? 'bad' : '';
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 6000);
  }

  function thumb(ref, alt) {
    return el('img', { src: url('thumb', { f: ref }), alt: alt || '', loading: 'lazy' });
  }

  function act(body, done) {
    return post(body).then(function (result) {
      var failed = (result.files || []).filter(function (f) { return !f.ok; });
      toast(result.message + (failed.length ? ' ' + failed.map(function (f) { return f.file + ': ' + f.message; }).join('; ') : ''),
        failed.length > 0);
      if (done) { done(); }
      return result;
    }).catch(function (e) { toast(e.message, true); });
  }

  // ------------------------------------------------------------------ status

  function showStatus() {
    return get('api/status').then(function (s) {
      $('state-pill').textContent = s.state;
      $('state-pill').className = 'pill ' + s.state;
      $('state-text').textContent = s.stateText + (s.indexing ? ' — indexing the library in the background' : '');
      fill($('inbox'), [
        ['waiting to stand still', s.inbox.settling], ['queued for filing', s.inbox.queued],
        ['failed (see Errors)', s.inbox.failed], ['left in place (not photos)', s.inbox.skipped]]);
      fill($('totals'), [
        ['files filed', s.totals.filed], ['exact duplicates deleted', s.totals.duplicatesDeleted],
        ['exact copies set aside', s.totals.movedToDuplicates], ['similar images set aside', s.totals.similar],
        ['errors', s.totals.errors], ['moved', s.totals.moved], ['deleted', s.totals.deleted],
        ['files in the library index', s.totals.libraryFiles]]);
      var count = $('error-count');
      count.textContent = s.inbox.failed;
      count.hidden = s.inbox.failed === 0;
      var recent = $('recent');
      recent.replaceChildren();
      s.recent.forEach(function (row) {
        recent.appendChild(el('li', {}, row.ref ? thumb(row.ref, row.name) : null,
          el('div', { text: row.name }), el('div', { className: 'muted', text: row.time })));
      });
      if (s.recent.length === 0) { recent.appendChild(el('li', { className: 'muted', text: 'nothing filed yet' })); }
    });
  }

  function fill(dl, pairs) {
    dl.replaceChildren();
    pairs.forEach(function (p) { dl.appendChild(el('dt', { text: p[0] })); dl.appendChild(el('dd', { text: String(p[1]) })); });
  }

  // ------------------------------------------------------------------ activity

  function showActivity(older) {
    if (!older) { activityCursor = 0; }
    return get('api/activity', { event: $('activity-event').value, q: $('activity-text').value, before: activityCursor, limit: 50 })
      .then(function (page) {
        var select = $('activity-event');
        if (select.options.length === 1) {
          page.events.forEach(function (name) { select.appendChild(el('option', { value: name, text: name })); });
        }
        var body = $('activity-rows');
        if (!older) { body.replaceChildren(); }
        page.rows.forEach(function (row) {
          body.appendChild(el('tr', { 'data-event': row.event }, el('td', { text: row.time }), el('td', { text: row.event }),
            el('td', { text: row.name, title: row.file }), el('td', { text: row.size }), el('td', { className: 'info', text: row.info })));
        });
        activityCursor = page.next;
        $('activity-older').hidden = !page.more;
        $('activity-total').textContent = page.total + ' rows in the log';
      });
  }

  // ------------------------------------------------------------------ duplicates

  function side(title, file) {
    var caption = el('figcaption', {}, el('b', { text: title }), el('br'));
    if (!file.exists) {
      caption.appendChild(document.createTextNode('no longer at ' + (file.path || 'its place')));
      return el('figure', {}, caption);
    }
    caption.appendChild(document.createTextNode(file.name));
    caption.appendChild(el('br'));
    caption.appendChild(document.createTextNode([file.date ? 'taken ' + file.date : 'no date', file.size, file.pixels || '']
      .filter(Boolean).join(' · ')));
    return el('figure', {}, file.ref ? thumb(file.ref, file.name) : null, caption);
  }

  function verdictCard(v) {
    var aside = v.setAside;
    var card = el('div', { className: 'verdict', 'data-file': aside.ref || '' },
      el('h3', { text: v.kind === 'similar' ? 'Similar image (distance ' + v.distance + ')' : 'Exact copy' }),
      el('div', { className: 'pair' }, side('Set aside in Duplicates', aside), side('Kept in the library', v.kept)),
      el('p', { className: 'why', text: 'Why: ' + v.why + (v.from ? ' · came from ' + v.from : '') + ' · ' + v.time }));
    var actions = el('div', { className: 'actions' });
    var refresh = function () { showDuplicates(); };
    if (v.kind === 'similar') {
      actions.appendChild(el('button', { type: 'button', className: 'primary act-restore', text: 'Keep both (restore to the library)',
        onclick: function () { act({ action: 'restore', files: [aside.ref] }, refresh); } }));
    }
    actions.appendChild(el('button', { type: 'button', className: 'act-inbox', text: 'Back into the inbox',
      onclick: function () { act({ action: 'inbox', files: [aside.ref] }, refresh); } }));
    actions.appendChild(el('button', { type: 'button', className: 'danger act-delete', text: 'Delete for good…',
      onclick: function () {
        if (window.confirm('Delete ' + aside.name + ' from Duplicates for good? This cannot be undone.')) {
          act({ action: 'delete', files: [aside.ref], confirm: 'delete for good' }, refresh);
        }
      } }));
    card.appendChild(actions);
    return card;
  }

  function showDuplicates(more) {
    if (!more) { duplicatesCursor = 0; }
    return get('api/duplicates', { before: duplicatesCursor, limit: 10 }).then(function (page) {
      var list = $('verdicts');
      if (!more) { list.replaceChildren(); }
      page.verdicts.forEach(function (v) { list.appendChild(verdictCard(v)); });
      if (!more && page.verdicts.length === 0) { list.appendChild(el('p', { className: 'muted', text: 'Nothing set aside.' })); }
      duplicatesCursor = page.next;
      $('duplicates-more').hidden = !page.more;
    });
  }

  // ------------------------------------------------------------------ no date

  function showNoDate() {
    return get('api/nodate', { limit: 100 }).then(function (page) {
      var body = $('nodate-rows');
      body.replaceChildren();
      page.files.forEach(function (f) {
        var box = el('input', { type: 'checkbox', className: 'pick', value: f.ref });
        var chips = el('td', {});
        f.suggestions.forEach(function (s) {
          chips.appendChild(el('button', { type: 'button', className: 'chip suggestion', title: s.why, text: s.date.replace('T', ' '),
            onclick: function () { $('nodate-date').value = s.date; box.checked = true; } }));
        });
        body.appendChild(el('tr', {}, el('td', {}, box), el('td', {}, thumb(f.ref, f.name)), el('td', { text: f.name }),
          el('td', { text: f.size }), chips));
      });
      if (page.files.length === 0) { body.appendChild(el('tr', {}, el('td', { colspan: '5', className: 'muted', text: 'No files without a date.' }))); }
    });
  }

  // ------------------------------------------------------------------ errors

  function showErrors() {
    return get('api/errors').then(function (page) {
      var list = $('error-list');
      list.replaceChildren();
      page.errors.forEach(function (e) {
        list.appendChild(el('li', {}, el('b', { text: e.name }), ' ', el('span', { className: 'muted', text: e.when }), el('br'),
          el('span', { text: e.message }), el('br'), el('span', { className: 'muted', text: e.file }), ' ',
          e.ref ? el('button', { type: 'button', className: 'act-retry', text: 'Retry',
            onclick: function () { act({ action: 'retry', files: [e.ref] }, showErrors); } }) : null));
      });
      if (page.errors.length === 0) { list.appendChild(el('li', { className: 'muted', text: 'Nothing is stuck.' })); }
      $('errors-retry-all').hidden = page.errors.length === 0;
      $('errors-retry-all').onclick = function () {
        act({ action: 'retry', files: page.errors.filter(function (e) { return e.ref; }).map(function (e) { return e.ref; }) }, showErrors);
      };
      $('errors-skipped').textContent = page.skipped ? page.skipped + ' other file(s) are not photos or videos and were left in place.' : '';
    });
  }

  // ------------------------------------------------------------------ plots

  function showPlots() {
    var stamp = Date.now();
    $('plot-filed').src = url('plot/filed.svg', { t: stamp });
    $('plot-library').src = url('plot/library.svg', { t: stamp });
    $('plot-saved').src = url('plot/saved.svg', { t: stamp });
    return Promise.resolve();
  }

  // ------------------------------------------------------------------ navigation and polling

  var views = { status: showStatus, activity: showActivity, duplicates: showDuplicates, nodate: showNoDate,
    errors: showErrors, plots: showPlots };

  function show(view) {
    current = view;
    document.querySelectorAll('#tabs button').forEach(function (b) { b.classList.toggle('active', b.dataset.view === view); });
    document.querySelectorAll('.view').forEach(function (s) { s.hidden = s.id !== 'view-' + view; });
    return views[view]().catch(function (e) { toast(e.message, true); });
  }

  // Only the status view refreshes by itself, and only while the tab is visible: a closed or hidden page
  // costs the service nothing.
  function schedulePoll() {
    clearTimeout(pollTimer);
    if (document.visibilityState !== 'visible') { return; }
    pollTimer = setTimeout(function () {
      (current === 'status' ? showStatus() : Promise.resolve()).catch(function () {}).then(schedulePoll);
    }, 5000);
  }

  document.addEventListener('visibilitychange', schedulePoll);
  document.querySelectorAll('#tabs button').forEach(function (b) { b.addEventListener('click', function () { show(b.dataset.view); }); });
  $('activity-filter').addEventListener('submit', function (e) { e.preventDefault(); showActivity(); });
  $('activity-newest').addEventListener('click', function () { showActivity(); });
  $('activity-older').addEventListener('click', function () { showActivity(true); });
  $('duplicates-more').addEventListener('click', function () { showDuplicates(true); });
  $('plots-refresh').addEventListener('click', showPlots);
  $('nodate-all').addEventListener('change', function () {
    document.querySelectorAll('#nodate-rows .pick').forEach(function (b) { b.checked = $('nodate-all').checked; });
  });
  $('nodate-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var picked = Array.prototype.map.call(document.querySelectorAll('#nodate-rows .pick:checked'), function (b) { return b.value; });
    if (picked.length === 0) { toast('Select the files to date first.', true); return; }
    act({ action: 'setdate', files: picked, date: $('nodate-date').value }, showNoDate);
  });
  if (mode === 'demo') { $('demo-banner').hidden = false; }
  show('status').then(schedulePoll);
})();
