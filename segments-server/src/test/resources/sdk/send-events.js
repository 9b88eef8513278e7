// Sends identify, track, page, screen and alias through the real @segment/analytics-node SDK to a Segments
// server, then prints one JSON line per HTTP answer the SDK received and exits non-zero on any failure.
//
//   SEGMENTS_URL=http://localhost:PORT SEGMENTS_WRITE_KEY=wk_... RUN=a node send-events.js
//
// Message ids are fixed, so a second run re-sends the same messages (the server must drop them as duplicates).
const { Analytics } = require('@segment/analytics-node');

const host = process.env.SEGMENTS_URL;
const writeKey = process.env.SEGMENTS_WRITE_KEY;
if (!host || !writeKey) {
  console.error('SEGMENTS_URL and SEGMENTS_WRITE_KEY are required');
  process.exit(2);
}

const analytics = new Analytics({
  writeKey,
  host,
  path: '/v1/batch',
  flushAt: 3,             // 5 calls → a batch of 3, then the rest on close
  flushInterval: 60000,
  maxRetries: 0,          // a failure must show, not be retried away
  httpRequestTimeout: 20000,
});

const failures = [];
analytics.on('http_response', (r) => {
  console.log(JSON.stringify({ status: r.status, url: r.url, events: JSON.parse(r.body).batch.length }));
  if (r.status !== 200) failures.push(`HTTP ${r.status}`);
});
analytics.on('error', (e) => failures.push(`error: ${e && (e.reason || e.message || e.code) || e}`));

const done = (what) => (err) => { if (err) failures.push(`${what}: ${err.message || err}`); };
const when = (iso) => new Date(iso);

analytics.identify({
  messageId: 'sdk-identify-1',
  anonymousId: 'anon-sdk-1',
  userId: 'sdk-user-1',
  traits: { email: 'ada@example.com', plan: 'pro', age: 36 },
  context: { device: { token: 'push-token-sdk-1' }, traits: { country: 'IN' } },
  timestamp: when('2026-11-01T10:00:00.000Z'),
}, done('identify'));

analytics.track({
  messageId: 'sdk-track-1',
  userId: 'sdk-user-1',
  event: 'Order Completed',
  properties: { revenue: 42.5, currency: 'EUR', items: 3 },
  timestamp: when('2026-11-01T10:05:00.000Z'),
}, done('track'));

analytics.page({
  messageId: 'sdk-page-1',
  userId: 'sdk-user-1',
  name: 'Pricing',
  properties: { path: '/pricing' },
  timestamp: when('2026-11-01T10:06:00.000Z'),
}, done('page'));

analytics.screen({
  messageId: 'sdk-screen-1',
  anonymousId: 'anon-sdk-2',
  name: 'Home',
  properties: { variant: 'b' },
  context: { device: { token: 'push-token-sdk-2' } },
  timestamp: when('2026-11-01T10:07:00.000Z'),
}, done('screen'));

analytics.alias({
  messageId: 'sdk-alias-1',
  userId: 'sdk-user-1',
  previousId: 'anon-sdk-2',
  timestamp: when('2026-11-01T10:08:00.000Z'),
}, done('alias'));

analytics.closeAndFlush({ timeout: 30000 }).then(() => {
  if (failures.length) {
    console.error('failed: ' + failures.join('; '));
    process.exit(1);
  }
  console.log(JSON.stringify({ done: true }));
}, (e) => {
  console.error('flush failed: ' + e);
  process.exit(1);
});
