/**
 * The campaign composer: a new campaign (`#/segments/{id}/campaigns/new?channel=email|sms|push`) or
 * a draft opened again (`#/campaigns/{id}/edit`). A message editor per channel with `{{trait}}`
 * placeholders; a preview rendered for a chosen member and a test send, both of the message as it
 * stands, without storing anything (`POST /api/campaigns/preview`, `/test`); "Save draft" stores
 * it (a new campaign, or the draft in place) and "Send now" stores and sends it. The SMS counter
 * counts the text as the preview member receives it.
 */
import { h, replace, uid } from '../h.js';
import { api, ApiError, seg } from '../api.js';
import { loadCatalog } from '../catalog.js';
import {
  card, clearFieldErrors, confirmDialog, debounce, emptyState, field, fmt, lengthCounter, pageHeader, showFieldError, spinner,
  toast,
} from '../ui.js';
import { CHANNEL_LIST } from './common.js';
import { MAX_NAME_LENGTH } from '../model.js';
import { showServerError } from './builder.js';
import { MESSAGE_FIELDS, messageOf, smsSize, valuesOf, withFallbacks } from './campaign-message.js';
import { channelInfo, renderedMessage, segmentOf } from './campaign-parts.js';

const TEST_TO = {
  email: { label: 'Send a test to this email address', placeholder: 'you@example.com', type: 'email' },
  sms: { label: 'Send a test to this phone number', placeholder: '+15555550100', type: 'tel' },
  push: { label: 'Send a test to this push token', placeholder: 'device token', type: 'text' },
};

const STARTED = { sending: 'is sending', sent: 'was sent', failed: 'was sent and failed' };

/** Loads what the composer edits: the segment, and the draft when one is opened again (else null). */
async function load(path, params, root) {
  if (!path.startsWith('/campaigns/')) {
    return { segment: await api.get(`/api/segments/${seg(params.id)}`), draft: null };
  }
  const draft = await api.get(`/api/campaigns/${seg(params.id)}`);
  const back = h('a', { class: 'btn btn-primary', href: `#/campaigns/${seg(draft.id)}` }, 'Back to the campaign');
  if (draft.state !== 'draft') {
    root.append(emptyState('This campaign cannot be changed',
      `“${draft.name}” ${STARTED[draft.state] || `is ${draft.state}`}: a campaign that started sending can no longer be changed.`,
      back, 'not-editable'));
    return null;
  }
  const { segment, deleted } = await segmentOf(draft);
  if (deleted) {
    root.append(emptyState('The segment of this draft was deleted',
      `“${draft.name}” can no longer be sent. Delete it from its page.`, back, 'not-editable'));
    return null;
  }
  return { segment, draft };
}

export async function composerPage({ root, params, query, path, alive }) {
  const loaded = await load(path, params, root);
  if (!loaded || !alive()) return;
  const { segment: s, draft } = loaded;
  const requested = draft ? draft.channel : query.channel;
  let channel = CHANNEL_LIST.some((c) => c.id === requested) ? requested : 'email';
  const values = { email: {}, sms: {}, push: {} };
  if (draft) values[channel] = valuesOf(channel, draft.message || {});
  let draftId = draft ? draft.id : null;
  let lastFocused = null;
  const defaultName = (c) => `${s.name} – ${channelInfo(c).title}`;

  const banner = h('div', { class: 'form-banner' });
  const nameInput = h('input', {
    type: 'text', value: draft ? draft.name : defaultName(channel), 'data-testid': 'campaign-name', 'data-path': '$.name',
  });
  // as the server counts: in code points (no maxlength, which counts UTF-16 units)
  const nameLengthText = lengthCounter(nameInput, MAX_NAME_LENGTH, 'campaign-name-length');
  const reach = h('p', { class: 'muted', 'data-testid': 'composer-reach', 'aria-live': 'polite' });
  const reachability = api.get(`/api/segments/${seg(s.id)}/reachability`).catch(() => null);
  async function showReach() {
    const r = await reachability;
    if (!r || !alive()) return;
    reach.textContent = `${fmt(r[channel])} of ${fmt(r.total)} users in ${s.name} can be reached by ${channelInfo(channel).label}.`;
  }
  /** The campaign as it stands, in the API's form. */
  const body = () => ({
    segmentId: s.id, name: nameInput.value, channel, message: messageOf(channel, values[channel]),
    ...(draft && draft.trigger ? { trigger: draft.trigger } : {}),
  });

  const fields = h('div', { class: 'message-fields' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Channel' });
  function renderTabs() {
    tabs.replaceChildren(...CHANNEL_LIST.map((c) => h('button', {
      type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(c.id === channel), 'data-testid': `channel-${c.id}`,
      onclick: () => {
        if (c.id === channel) return;
        if (nameInput.value === defaultName(channel)) {
          nameInput.value = defaultName(c.id);
          nameInput.dispatchEvent(new Event('input'));
        }
        channel = c.id;
        if (!draft) history.replaceState(null, '', `#/segments/${seg(s.id)}/campaigns/new?channel=${c.id}`);
        renderTabs();
        renderFields();
        showReach();
        previewOut.replaceChildren();
        testTo.type = TEST_TO[channel].type;
        testField.querySelector('label').textContent = TEST_TO[channel].label;
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

  // ---- the SMS counter: the text as rendered for the preview member, else with the fallbacks
  const counter = h('p', { class: 'hint', 'data-testid': 'sms-counter', 'aria-live': 'polite' });
  let rendered = null; // {template, userId, text}: the last text rendered by the server
  function updateCounter() {
    if (channel !== 'sms') return;
    const template = values.sms.text || '';
    const userId = previewUser.value.trim();
    const exact = rendered && rendered.template === template && rendered.userId === userId && userId !== '';
    const estimate = exact ? null : withFallbacks(template);
    const size = smsSize(exact ? rendered.text : estimate.text);
    const parts = size.parts ? ` · ${fmt(size.parts)} SMS${size.encoding === 'unicode' ? ' (Unicode)' : ''}` : '';
    const without = estimate && estimate.withoutFallback.length ? `, not counting ${estimate.withoutFallback.join(', ')}` : '';
    counter.textContent = exact
      ? `${fmt(size.characters)} characters for ${userId}${parts}`
      : `about ${fmt(size.characters)} characters${without}${parts}`;
    counter.dataset.characters = String(size.characters);
    counter.dataset.exact = String(Boolean(exact));
    if (!exact && userId && template) renderForCounter();
  }
  const renderForCounter = debounce(async () => {
    const template = values.sms.text || '';
    const userId = previewUser.value.trim();
    if (channel !== 'sms' || !template || !userId) return;
    try {
      const answer = await api.post('/api/campaigns/preview', { segmentId: s.id, channel: 'sms', message: { text: template }, userId });
      if (answer && answer.message && alive()) {
        rendered = { template, userId, text: answer.message.text };
        updateCounter();
      }
    } catch {
      // an unknown user or a template that does not read yet: the estimate stays
    }
  }, 300);

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

  /** Stores the campaign as it stands: a new draft the first time, the same draft after that. */
  async function save() {
    const saved = draftId ? await api.put(`/api/campaigns/${seg(draftId)}`, body()) : await api.post('/api/campaigns', body());
    draftId = saved.id;
    return saved;
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

  // ---- preview for a member (nothing is stored)
  const membersList = h('datalist', { id: uid('members') });
  api.get(`/api/segments/${seg(s.id)}/members`, { limit: 50 }).then((answer) => {
    const members = (answer && answer.members) || [];
    membersList.replaceChildren(...members.map((m) => h('option', { value: m })));
    if (members.length && !previewUser.value) {
      previewUser.value = members[0];
      updateCounter();
    }
  }).catch(() => {});
  const previewUser = h('input', {
    type: 'text', list: membersList.id, placeholder: 'user id', 'data-testid': 'preview-user', 'data-path': '$.userId', oninput: () => updateCounter(),
  });
  const previewOut = h('div', { class: 'preview-out', 'data-testid': 'preview-output', 'aria-live': 'polite' });
  const previewButton = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'preview-button',
    onclick: () => step(previewButton, async () => {
      const userId = previewUser.value.trim();
      if (!userId) {
        showFieldError(previewUser, 'Choose a member to preview the message for.');
        return;
      }
      const { segmentId, message } = body();
      const answer = await api.post('/api/campaigns/preview', { segmentId, channel, message, userId });
      if (answer && answer.message) {
        previewOut.replaceChildren(renderedMessage(channel, answer.message));
        if (channel === 'sms') {
          rendered = { template: message.text, userId, text: answer.message.text };
          updateCounter();
        }
      } else if (answer && answer.missing) {
        const { placeholder, path: where } = answer.missing;
        previewOut.replaceChildren(h('div', { class: 'banner banner-warning', 'data-testid': 'preview-missing' },
          `${userId} has no value for “${placeholder}”, so they would be skipped. `,
          'Add a fallback: ', h('code', {}, `{{${placeholder} | "…"}}`)));
        if (where) showServerError(new ApiError(400, 'missing_placeholder', answer.reason || `no value for ${placeholder}`, where), form, banner);
      }
    }),
  }, 'Preview');

  // ---- test send (nothing is stored)
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
      const { segmentId, message } = body();
      const request = { segmentId, channel, message, to: testTo.value.trim() };
      if (previewUser.value.trim()) request.userId = previewUser.value.trim();
      const result = await api.post('/api/campaigns/test', request);
      if (result && result.status === 'failed') {
        testResult.replaceChildren(h('span', { class: 'text-error' },
          `The test to ${request.to} failed: ${result.reason || 'the provider refused it'}.`));
      } else {
        testResult.replaceChildren(h('span', { class: 'text-success' }, `Test sent to ${request.to}.`));
      }
    }),
  }, 'Send test');
  const testField = field(TEST_TO[channel].label, testTo);

  // ---- save and send
  const saveButton = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'save-draft',
    onclick: () => step(saveButton, async () => {
      const saved = await save();
      toast(draft ? 'Draft saved.' : 'Saved as a draft.', 'success');
      window.location.hash = `#/campaigns/${seg(saved.id)}`;
    }),
  }, 'Save draft');
  const sendButton = h('button', {
    type: 'button', class: 'btn btn-primary', 'data-testid': 'send-now',
    onclick: () => step(sendButton, async () => {
      const r = await reachability;
      const who = r ? `${fmt(r[channel])} reachable users of ${s.name}` : `the reachable users of ${s.name}`;
      const ok = await confirmDialog({
        title: 'Send now?', text: `The message goes out by ${channelInfo(channel).label} to ${who}. This cannot be undone.`,
        ok: 'Send now', testid: 'confirm-send',
      });
      if (!ok) return;
      const saved = await save();
      await api.post(`/api/campaigns/${seg(saved.id)}/send`);
      toast('Sending started.', 'success');
      window.location.hash = `#/campaigns/${seg(saved.id)}`;
    }),
  }, 'Send now');

  const cancelHref = draft ? `#/campaigns/${seg(draft.id)}` : `#/segments/${seg(s.id)}`;
  const form = h('form', { class: 'composer', novalidate: true, onsubmit: (e) => e.preventDefault() },
    pageHeader(draft ? 'Edit campaign' : 'New campaign', {
      subtitle: h('span', {}, 'To the users of ', h('a', { href: `#/segments/${seg(s.id)}` }, s.name)),
      actions: [h('a', { class: 'btn', href: cancelHref, 'data-testid': 'cancel' }, 'Cancel'), saveButton, sendButton],
    }),
    banner,
    h('div', { class: 'builder-grid' },
      h('div', { class: 'builder-main' },
        card('Message', [
          tabs, reach,
          field('Campaign name', nameInput, { hint: nameLengthText }),
          fields, counter,
          h('div', { class: 'field' }, h('span', { class: 'label' }, 'Personalise'),
            h('p', { class: 'hint' }, 'Click a trait to insert it. A placeholder without a value skips the user unless it has a fallback: {{firstName | "there"}}.'),
            placeholders),
        ], { testid: 'message' })),
      h('aside', { class: 'builder-side' },
        card('Preview', [
          field('Preview for member', previewUser), membersList,
          h('div', { class: 'row' }, previewButton), previewOut,
          h('p', { class: 'hint' }, 'Previews and test sends store nothing: the campaign is stored when you save it or send it.'),
        ], { testid: 'preview' }),
        card('Test send', [testField, h('div', { class: 'row' }, testButton), testResult], { testid: 'test' }))));
  root.append(form);
  renderTabs();
  renderFields();
  showReach();
  const first = fields.querySelector('input, textarea');
  if (first) first.focus();
}
