/**
 * Sign-in: the admin key typed once (kept in sessionStorage for this tab), or a one-time link
 * `#/signin?token=...` whose token the server exchanges for the key (`POST /api/session`).
 */
import { h } from '../h.js';
import { api, ApiError, request, session } from '../api.js';
import { errorText, field, spinner } from '../ui.js';
import { hashOf } from '../router.js';

function destination(query) {
  const next = query.next && query.next.startsWith('/') && !query.next.startsWith('/signin') ? query.next : '/segments';
  return `#${next}`;
}

async function verify() {
  await api.get('/api/segments', { q: '' });
}

export async function signInPage({ root, query, alive }) {
  const message = h('div', { class: 'signin-message', 'aria-live': 'polite', 'data-testid': 'signin-message' });
  const keyInput = h('input', {
    type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false',
    'data-testid': 'signin-key', name: 'adminKey',
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'signin-submit' }, 'Sign in');
  const form = h('form', {
    class: 'signin-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const key = keyInput.value.trim();
      if (!key) {
        showError('Type the admin key.');
        return;
      }
      submit.disabled = true;
      message.replaceChildren(spinner('Checking the key…', { inline: false }));
      session.setKey(key);
      try {
        await verify();
        window.location.hash = destination(query);
      } catch (error) {
        session.clear();
        showError(error instanceof ApiError && error.status === 401 ? 'That key was not accepted. Check it and try again.' : errorText(error));
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'admin', hidden: true, 'aria-hidden': 'true', tabindex: '-1' }),
  field('Admin key', keyInput, { hint: 'The server prints it when it starts (or set SEGMENTS_ADMIN_KEY). It is kept for this tab only.' }),
  submit);

  function showError(text) {
    message.replaceChildren(h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': 'signin-error' }, text));
  }

  root.append(h('div', { class: 'signin' },
    h('div', { class: 'signin-card card' },
      h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', {}, 'Segments')),
      h('h1', { tabindex: '-1', 'data-testid': 'page-title' }, 'Sign in'),
      query.expired ? h('p', { class: 'muted' }, 'Your session ended. Sign in again to continue.') : null,
      message,
      form)));

  if (query.token) {
    // the link works once: take the token out of the address and history right away
    history.replaceState(null, '', hashOf('/signin', { next: query.next }));
    form.hidden = true;
    message.replaceChildren(spinner('Signing you in…'));
    try {
      const answer = await request('POST', '/api/session', { body: { token: query.token }, auth: false });
      if (!answer || typeof answer.adminKey !== 'string') throw new Error('The server did not answer with a key.');
      session.setKey(answer.adminKey);
      if (alive()) window.location.hash = destination(query);
      return;
    } catch (error) {
      session.clear();
      form.hidden = false;
      showError(error instanceof ApiError && (error.status === 401 || error.status === 404 || error.status === 400)
        ? 'This sign-in link has expired or was already used. Type the admin key instead.'
        : errorText(error));
    }
  } else if (session.key() && !query.expired) {
    window.location.hash = destination(query);
    return;
  }
  keyInput.focus();
}
