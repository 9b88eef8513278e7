/**
 * The Segments web UI: routes, navigation and sign-in guard.
 */
import { createRouter, hashOf, parseHash } from './router.js';
import { onUnauthorized, session } from './api.js';
import { errorBanner, emptyState } from './ui.js';
import { h } from './h.js';
import { signInPage } from './pages/signin.js';
import { segmentListPage } from './pages/segments.js';
import { builderPage } from './pages/builder.js';
import { segmentPage } from './pages/segment.js';
import { composerPage, campaignPage, campaignListPage } from './pages/campaigns.js';
import { eventsReportPage, funnelReportPage } from './pages/reports.js';
import { userPage } from './pages/user.js';

const routes = [
  { pattern: '/signin', page: signInPage },
  { pattern: '/segments', page: segmentListPage },
  { pattern: '/segments/new', page: builderPage },
  { pattern: '/segments/:id', page: segmentPage },
  { pattern: '/segments/:id/edit', page: builderPage },
  { pattern: '/segments/:id/campaigns/new', page: composerPage },
  { pattern: '/campaigns', page: campaignListPage },
  { pattern: '/campaigns/:id', page: campaignPage },
  { pattern: '/campaigns/:id/edit', page: composerPage },
  { pattern: '/reports/funnel', page: funnelReportPage },
  { pattern: '/reports/events', page: eventsReportPage },
  { pattern: '/users/:id', page: userPage },
];

function highlightNav(path) {
  const nav = path.startsWith('/reports/funnel') ? 'funnel' : path.startsWith('/reports/events') ? 'events'
    : path.startsWith('/campaigns') ? 'campaigns' : 'segments';
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
}

const app = document.getElementById('app');

const router = createRouter({
  root: app,
  routes,
  before({ path }) {
    if (path === '/' || path === '') {
      router.go('/segments');
      return false;
    }
    const open = path === '/signin';
    document.body.classList.toggle('signed-out', open);
    if (!open && !session.key()) {
      window.location.replace(hashOf('/signin', { next: window.location.hash.slice(1) }));
      return false;
    }
    highlightNav(path);
    return true;
  },
  notFound({ root }) {
    root.append(emptyState('Page not found', 'There is nothing at this address.',
      h('a', { class: 'btn btn-primary', href: '#/segments', 'data-testid': 'not-found-back' }, 'Go to segments'), 'not-found'));
  },
  onError(error, root) {
    console.error(error);
    root.append(errorBanner(error, { retry: () => router.start() }));
  },
});

onUnauthorized(() => {
  const { path } = parseHash(window.location.hash);
  if (path === '/signin') return;
  window.location.hash = hashOf('/signin', { next: window.location.hash.slice(1), expired: '1' });
});

// the skip link moves the focus without touching the hash (the hash is the router's)
document.querySelector('[data-skip]').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});

document.querySelector('[data-testid="signout"]').addEventListener('click', () => {
  session.clear();
  window.location.hash = '#/signin';
});

router.start();
