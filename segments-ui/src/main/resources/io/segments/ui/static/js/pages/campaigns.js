/**
 * The campaign composer (`#/segments/{id}/campaigns/new?channel=email|sms|push`): a message
 * editor per channel with `{{trait}}` placeholders, a preview rendered for a chosen member, a
 * test send and "send now"; and the campaign page (`#/campaigns/{id}`) with delivery progress
 * and results, polled while it sends.
 */
import { h, replace, uid } from '../h.js';
import { api, ApiError, seg } from '../api.js';
import { loadCatalog } from '../catalog.js';
import {
  card, clearFieldErrors, confirmDialog, errorBanner, field, fmt, pageHeader, percent, showFieldError, spinner,
  timeAgo, toast,
} from '../ui.js';
import { CHANNEL_LIST } from './common.js';
import { showServerError } from './builder.js';
import { stateBadge } from './segment.js';

/** The fields of each channel's message, in order. */
const MESSAGE_FIELDS = {
  email: [
    { key: 'subject', label: 'Subject', required: true, rows: 0 },
    { key: 'html', label: 'HTML body', rows: 10, mono: true, hint: 'HTML. Give at least the HTML or the text body.' },
    { key: 'text', label: 'Text body', rows: 6, hint: 'Plain text, for mail apps that do not show HTML.' },
  ],
  sms: [{ key: 'text', label: 'Text', required: true, rows: 4, max: 1600 }],
  push: [
    { key: 'title', label: 'Title', required: true, rows: 0, max: 200 },
    { key: 'body', label: 'Body', required: true, rows: 3, max: 4000 },
    { key: 'deepLink', label: 'Deep link', rows: 0, hint: 'Optional: a URL with a scheme, e.g. shop://cart or https://example.com/offers' },
  ],
};

const TEST_TO = {
  email: { label: 'Send a test to this email address', placeholder: 'you@example.com', type: 'email' },
  sms: { label: 'Send a test to this phone number', placeholder: '+15555550100', type: 'tel' },
  push: { label: 'Send a test to this push token', placeholder: 'device token', type: 'text' },
};

/** The message of `channel` from the editor's values, without empty optional fields. */
export function messageOf(channel, values) {
  const message = {};
  for (const f of MESSAGE_FIELDS[channel]) {
    const v = values[f.key] || '';
    if (f.required || v !== '') message[f.key] = v;
  }
  return message;
}

function channelInfo(id) {
  return CHANNEL_LIST.find((c) => c.id === id) || CHANNEL_LIST[0];
}

/** A rendered message as the user would see it. */
function renderedMessage(channel, message) {
  if (channel === 'email') {
    return h('div', { class: 'preview-email' },
      h('div', { class: 'preview-subject' }, h('span', { class: 'muted' }, 'Subject: '), h('strong', { 'data-testid': 'preview-subject' }, message.subject || '')),
      message.html !== undefined ? h('iframe', {
        class: 'preview-frame', sandbox: '', title: 'HTML body preview', srcdoc: message.html, 'data-testid': 'preview-html',
      }) : null,
      message.text !== undefined ? h('pre', { class: 'preview-text', 'data-testid': 'preview-text' }, message.text) : null);
  }
  if (channel === 'sms') {
    return h('div', { class: 'preview-phone' }, h('div', { class: 'sms-bubble', 'data-testid': 'preview-sms' }, message.text));
  }
  return h('div', { class: 'preview-phone' },
    h('div', { class: 'push-card', 'data-testid': 'preview-push' },
      h('strong', { 'data-testid': 'preview-push-title' }, message.title), h('p', { 'data-testid': 'preview-push-body' }, message.body),
      message.deepLink ? h('div', { class: 'muted small', 'data-testid': 'preview-push-link' }, message.deepLink) : null));
}

export async function composerPage({ root, params, query, alive }) {
  const s = await api.get(`/api/segments/${seg(params.id)}`);
  if (!alive()) return;
  let channel = CHANNEL_LIST.some((c) => c.id === query.channel) ? query.channel : 'email';
  const values = { email: {}, sms: {}, push: {} };
  const draft = { id: null, saved: null };
  let lastFocused = null;

  const banner = h('div', { class: 'form-banner' });
  const nameInput = h('input', {
    type: 'text', maxlength: '200', value: `${s.name} – ${channelInfo(channel).title}`, 'data-testid': 'campaign-name', 'data-path': '$.name',
  });
  const reach = h('p', { class: 'muted', 'data-testid': 'composer-reach', 'aria-live': 'polite' });
  const reachability = api.get(`/api/segments/${seg(s.id)}/reachability`).catch(() => null);
  async function showReach() {
    const r = await reachability;
    if (!r || !alive()) return;
    reach.textContent = `${fmt(r[channel])} of ${fmt(r.total)} users in ${s.name} can be reached by ${channelInfo(channel).label}.`;
  }

  const fields = h('div', { class: 'message-fields' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Channel' });
  function renderTabs() {
    tabs.replaceChildren(...CHANNEL_LIST.map((c) => h('button', {
      type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(c.id === channel), 'data-testid': `channel-${c.id}`,
      onclick: () => {
        if (c.id === channel) return;
        const oldDefault = `${s.name} – ${channelInfo(channel).title}`;
        channel = c.id;
        if (nameInput.value === oldDefault) nameInput.value = `${s.name} – ${c.title}`;
        history.replaceState(null, '', `#/segments/${seg(s.id)}/campaigns/new?channel=${c.id}`);
        renderTabs();
        renderFields();
        showReach();
        previewOut.replaceChildren();
      },
    }, c.title)));
  }
  function renderFields() {
    fields.replaceChildren(...MESSAGE_FIELDS[channel].map((f) => {
      const attrs = {
        'data-testid': `message-${f.key.toLowerCase()}`, 'data-path': `$.message.${f.key}`, class: f.mono ? 'mono' : null,
        maxlength: f.max ? String(f.max) : null,
        onfocus: (e) => { lastFocused = e.target; },
        oninput: (e) => { values[channel][f.key] = e.target.value; updateCounter(); },
      };
      const control = f.rows ? h('textarea', { ...attrs, rows: String(f.rows) }) : h('input', { ...attrs, type: 'text' });
      control.value = values[channel][f.key] || '';
      return field(f.required ? f.label : `${f.label} (optional)`, control, { hint: f.hint });
    }));
    counter.hidden = channel !== 'sms';
    updateCounter();
  }
  const counter = h('p', { class: 'hint', 'data-testid': 'sms-counter', 'aria-live': 'polite' });
  function updateCounter() {
    const n = (values.sms.text || '').length;
    counter.textContent = `${fmt(n)} of 1,600 characters${n > 160 ? ` · ${Math.ceil(n / 153)} SMS parts` : ''}`;
  }

  const placeholders = h('div', { class: 'chips', 'data-testid': 'placeholders' }, h('span', { class: 'muted small' }, 'Loading traits…'));
  loadCatalog().then((catalog) => {
    if (!alive()) return;
    const traits = catalog.traits.map((t) => t.name);
    replace(placeholders, traits.length
      ? traits.map((t) => h('button', {
        type: 'button', class: 'chip', 'data-testid': 'insert-placeholder', 'data-trait': t,
        onclick: () => insertPlaceholder(t),
      }, `{{${t}}}`))
      : h('span', { class: 'muted small' }, 'Type {{trait}} for any profile trait, e.g. {{firstName}}.'));
  }).catch(() => placeholders.replaceChildren());
  function insertPlaceholder(trait) {
    const target = lastFocused && lastFocused.isConnected ? lastFocused : fields.querySelector('input, textarea');
    const text = `{{${trait}}}`;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    target.value = target.value.slice(0, start) + text + target.value.slice(end);
    target.dispatchEvent(new Event('input'));
    target.focus();
    target.setSelectionRange(start + text.length, start + text.length);
  }

  async function ensureSaved() {
    const body = { segmentId: s.id, name: nameInput.value, channel, message: messageOf(channel, values[channel]) };
    const json = JSON.stringify(body);
    if (draft.id && json === draft.saved) return draft.id;
    const saved = draft.id ? await api.put(`/api/campaigns/${seg(draft.id)}`, body) : await api.post('/api/campaigns', body);
    draft.id = saved.id;
    draft.saved = json;
    return draft.id;
  }

  async function step(button, work) {
    clearFieldErrors(form);
    banner.replaceChildren();
    const label = button.textContent;
    button.disabled = true;
    button.replaceChildren(spinner('Working…', { inline: true }), ` ${label}`);
    try {
      await work();
    } catch (error) {
      const marked = showServerError(error, form, banner);
      (marked || banner).scrollIntoView({ block: 'center', behavior: 'smooth' });
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  // preview for a member
  const membersList = h('datalist', { id: uid('members') });
  api.get(`/api/segments/${seg(s.id)}/members`, { limit: 50 }).then((answer) => {
    const members = (answer && answer.members) || [];
    membersList.replaceChildren(...members.map((m) => h('option', { value: m })));
    if (members.length && !previewUser.value) previewUser.value = members[0];
  }).catch(() => {});
  const previewUser = h('input', { type: 'text', list: membersList.id, placeholder: 'user id', 'data-testid': 'preview-user', 'data-path': '$.userId' });
  const previewOut = h('div', { class: 'preview-out', 'data-testid': 'preview-output', 'aria-live': 'polite' });
  const previewButton = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'preview-button',
    onclick: () => step(previewButton, async () => {
      if (!previewUser.value.trim()) {
        showFieldError(previewUser, 'Choose a member to preview the message for.');
        return;
      }
      const id = await ensureSaved();
      const answer = await api.post(`/api/campaigns/${seg(id)}/preview`, { userId: previewUser.value.trim() });
      if (answer && answer.message) {
        previewOut.replaceChildren(renderedMessage(channel, answer.message));
      } else if (answer && answer.missing) {
        // the API answers {"missing": {"placeholder", "path"}}: the trait without a value and the message field
        const placeholder = typeof answer.missing === 'string' ? answer.missing : answer.missing.placeholder;
        const path = typeof answer.missing === 'string' ? answer.path : answer.missing.path;
        previewOut.replaceChildren(h('div', { class: 'banner banner-warning', 'data-testid': 'preview-missing' },
          `${previewUser.value} has no value for “${placeholder}”, so they would be skipped. `,
          'Add a fallback: ', h('code', {}, `{{${placeholder} | "…"}}`)));
        if (path) showServerError(new ApiError(400, 'missing_placeholder', answer.reason || `no value for ${placeholder}`, path), form, banner);
      }
    }),
  }, 'Preview');

  // test send
  const testTo = h('input', { type: TEST_TO[channel].type, 'data-testid': 'test-to', 'data-path': '$.to' });
  const testResult = h('div', { 'data-testid': 'test-result', 'aria-live': 'polite' });
  const testButton = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'test-send',
    onclick: () => step(testButton, async () => {
      testResult.replaceChildren();
      if (!testTo.value.trim()) {
        showFieldError(testTo, 'Where should the test go?');
        return;
      }
      const id = await ensureSaved();
      const body = { to: testTo.value.trim() };
      if (previewUser.value.trim()) body.userId = previewUser.value.trim();
      const result = await api.post(`/api/campaigns/${seg(id)}/test`, body);
      if (result && result.status === 'failed') {
        testResult.replaceChildren(h('span', { class: 'text-error' },
          `The test to ${body.to} failed: ${result.reason || 'the provider refused it'}.`));
      } else {
        testResult.replaceChildren(h('span', { class: 'text-success' }, `Test sent to ${body.to}.`));
      }
    }),
  }, 'Send test');
  const testField = field(TEST_TO[channel].label, testTo);

  const sendButton = h('button', {
    type: 'button', class: 'btn btn-primary', 'data-testid': 'send-now',
    onclick: () => step(sendButton, async () => {
      const r = await reachability;
      const who = r ? `${fmt(r[channel])} reachable users of ${s.name}` : `the reachable users of ${s.name}`;
      const id = await ensureSaved();
      const ok = await confirmDialog({
        title: 'Send now?', text: `The message goes out by ${channelInfo(channel).label} to ${who}. This cannot be undone.`,
        ok: 'Send now', testid: 'confirm-send',
      });
      if (!ok) return;
      await api.post(`/api/campaigns/${seg(id)}/send`);
      toast('Sending started.', 'success');
      window.location.hash = `#/campaigns/${seg(id)}`;
    }),
  }, 'Send now');

  const form = h('form', { class: 'composer', novalidate: true, onsubmit: (e) => e.preventDefault() },
    pageHeader('New campaign', {
      subtitle: h('span', {}, 'To the users of ', h('a', { href: `#/segments/${seg(s.id)}` }, s.name)),
      actions: [h('a', { class: 'btn', href: `#/segments/${seg(s.id)}`, 'data-testid': 'cancel' }, 'Cancel'), sendButton],
    }),
    banner,
    h('div', { class: 'builder-grid' },
      h('div', { class: 'builder-main' },
        card('Message', [
          tabs, reach,
          field('Campaign name', nameInput),
          fields, counter,
          h('div', { class: 'field' }, h('span', { class: 'label' }, 'Personalise'),
            h('p', { class: 'hint' }, 'Click a trait to insert it. A placeholder without a value skips the user unless it has a fallback: {{firstName | "there"}}.'),
            placeholders),
        ], { testid: 'message' })),
      h('aside', { class: 'builder-side' },
        card('Preview', [
          field('Preview for member', previewUser), membersList,
          h('div', { class: 'row' }, previewButton), previewOut,
        ], { testid: 'preview' }),
        card('Test send', [testField, h('div', { class: 'row' }, testButton), testResult], { testid: 'test' }))));
  root.append(form);
  renderTabs();
  renderFields();
  showReach();
  const first = fields.querySelector('input, textarea');
  if (first) first.focus();

  // keep the test address field matching the channel
  tabs.addEventListener('click', () => {
    testTo.type = TEST_TO[channel].type;
    testField.querySelector('label').textContent = TEST_TO[channel].label;
  });
}

// ---- the campaign page ----------------------------------------------------------------------

function statBox(label, value, testid, extra) {
  return h('div', { class: 'stat', 'data-testid': testid, 'data-value': String(value ?? '') },
    h('div', { class: 'stat-value' }, fmt(value)), h('div', { class: 'stat-label' }, label), extra || null);
}

export async function campaignPage({ root, params, onLeave, alive }) {
  const id = params.id;
  const url = `/api/campaigns/${seg(id)}`;
  let campaign = await api.get(url);
  if (!alive()) return;
  let timer = null;
  onLeave(() => clearTimeout(timer));

  const segmentLink = h('a', { href: `#/segments/${seg(campaign.segmentId)}` }, campaign.segmentId);
  api.get(`/api/segments/${seg(campaign.segmentId)}`).then((s) => { segmentLink.textContent = s.name; }).catch(() => {});
  const state = h('span');
  const statsBody = h('div', { 'data-testid': 'campaign-stats' });
  const actions = h('div', { class: 'page-actions' });
  const error = h('div');
  const message = campaign.message || {};
  const info = channelInfo(campaign.channel);

  root.append(
    pageHeader(campaign.name, { testid: 'campaign-title', subtitle: h('span', {}, `${info.title} campaign to `, segmentLink), actions }),
    h('div', { class: 'meta-row' }, state, h('span', { class: 'muted' }, 'Changed ', timeAgo(campaign.updatedAt || campaign.createdAt))),
    error,
    h('div', { class: 'dashboard' },
      card('Delivery', statsBody, { testid: 'delivery', className: 'span-3' }),
      card('Message', h('dl', { class: 'message-summary' },
        MESSAGE_FIELDS[campaign.channel] ? MESSAGE_FIELDS[campaign.channel].filter((f) => message[f.key] !== undefined).map((f) => [
          h('dt', {}, f.label), h('dd', {}, h('pre', { class: 'preview-text' }, message[f.key]))]) : null), { className: 'span-3' })));

  function render() {
    state.replaceChildren(stateBadge(campaign.state));
    const st = campaign.stats;
    actions.replaceChildren();
    if (campaign.state === 'draft') {
      const send = h('button', {
        type: 'button', class: 'btn btn-primary', 'data-testid': 'send-now',
        onclick: async () => {
          const ok = await confirmDialog({ title: 'Send now?', text: `The message goes out by ${info.label} to the reachable users of the segment.`, ok: 'Send now', testid: 'confirm-send' });
          if (!ok) return;
          send.disabled = true;
          try {
            await api.post(`${url}/send`);
            campaign.state = 'sending';
            render();
            poll();
          } catch (e) {
            error.replaceChildren(errorBanner(e));
            send.disabled = false;
          }
        },
      }, 'Send now');
      actions.append(send);
    }
    if (!st) {
      statsBody.replaceChildren(h('p', { class: 'muted' }, campaign.state === 'draft' ? 'Not sent yet.' : 'No delivery figures yet.'));
      return;
    }
    const skipped = st.skipped && typeof st.skipped === 'object' ? st.skipped : { total: st.skipped || 0 };
    const done = (st.sent || 0) + (st.failed || 0) + (skipped.total || 0);
    const audience = st.audience || 0;
    const share = audience ? Math.round((done / audience) * 100) : (campaign.state === 'sent' ? 100 : 0);
    statsBody.replaceChildren(
      h('div', { class: 'progress-head' },
        h('span', {}, campaign.state === 'sending' ? [spinner('Sending…', { inline: true }), ' '] : null,
          `${fmt(done)} of ${fmt(audience)} users done (${percent(done, audience)})`)),
      h('div', {
        class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(share),
        'aria-label': 'Delivery progress', 'data-testid': 'campaign-progress',
      }, h('span', { class: 'progress-sent', style: { width: `${audience ? ((st.sent || 0) / audience) * 100 : 0}%` } }),
      h('span', { class: 'progress-failed', style: { width: `${audience ? ((st.failed || 0) / audience) * 100 : 0}%` } }),
      h('span', { class: 'progress-skipped', style: { width: `${audience ? ((skipped.total || 0) / audience) * 100 : 0}%` } })),
      h('div', { class: 'stats' },
        statBox('audience', audience, 'stat-audience'),
        statBox('sent', st.sent, 'stat-sent'),
        statBox('failed', st.failed, 'stat-failed'),
        statBox('skipped', skipped.total, 'stat-skipped', h('div', { class: 'muted small' },
          [['notReachable', 'not reachable'], ['optedOut', 'opted out'], ['missingPlaceholder', 'missing a placeholder value']]
            .filter(([k]) => skipped[k]).map(([k, label]) => h('div', {}, `${fmt(skipped[k])} ${label}`)))),
        statBox('pending', st.pending, 'stat-pending')));
  }

  async function poll() {
    clearTimeout(timer);
    try {
      campaign = await api.get(url);
      if (!alive()) return;
      error.replaceChildren();
      render();
    } catch (e) {
      if (!alive()) return;
      error.replaceChildren(errorBanner(e));
    }
    if (alive() && (campaign.state === 'sending' || (campaign.stats && campaign.stats.pending > 0 && campaign.state !== 'draft'))) {
      timer = setTimeout(poll, 1500);
    }
  }

  render();
  if (campaign.state === 'sending') poll();
}

