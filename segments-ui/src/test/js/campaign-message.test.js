import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support.js';

const { messageOf, valuesOf, withFallbacks, smsSize } = await import(new URL('pages/campaign-message.js', JS));

test('a placeholder counts as its fallback, not as its template text', () => {
  const template = 'Hi {{firstName | "there"}}, 20% off today only';
  assert.equal(template.length, 46);
  assert.deepEqual(withFallbacks(template), { text: 'Hi there, 20% off today only', withoutFallback: [] });
  assert.equal(smsSize(withFallbacks(template).text).characters, 28);
});

test('placeholders of every form the template language allows', () => {
  assert.deepEqual(withFallbacks('{{ firstName|"a \\"b\\" \\\\ c" }}!'), { text: 'a "b" \\ c!', withoutFallback: [] });
  assert.deepEqual(withFallbacks('Code {{coupon.code}} for {{name}} and {{name}}'),
    { text: 'Code  for  and ', withoutFallback: ['coupon.code', 'name'] });
  assert.deepEqual(withFallbacks('literal \\{{ and {{x | ""}}.'), { text: 'literal {{ and .', withoutFallback: [] });
  assert.deepEqual(withFallbacks('a lone }} and {{ unclosed'), { text: 'a lone }} and {{ unclosed', withoutFallback: [] });
  assert.deepEqual(withFallbacks(''), { text: '', withoutFallback: [] });
});

test('an SMS is one part up to 160 GSM characters, then parts of 153', () => {
  assert.deepEqual(smsSize(''), { characters: 0, encoding: 'gsm', parts: 0 });
  assert.deepEqual(smsSize('x'.repeat(160)), { characters: 160, encoding: 'gsm', parts: 1 });
  assert.deepEqual(smsSize('x'.repeat(161)), { characters: 161, encoding: 'gsm', parts: 2 });
  assert.deepEqual(smsSize('x'.repeat(306)), { characters: 306, encoding: 'gsm', parts: 2 });
  assert.deepEqual(smsSize('x'.repeat(307)), { characters: 307, encoding: 'gsm', parts: 3 });
  assert.equal(smsSize('€'.repeat(80)).parts, 1, 'a character of the extension table takes two septets');
  assert.equal(smsSize('€'.repeat(81)).parts, 2);
});

test('an SMS with a character outside the GSM alphabet is Unicode: 70, then parts of 67', () => {
  assert.deepEqual(smsSize('Grüße ✓'), { characters: 7, encoding: 'unicode', parts: 1 });
  assert.deepEqual(smsSize('ä'.repeat(69) + 'ł'), { characters: 70, encoding: 'unicode', parts: 1 });
  assert.deepEqual(smsSize('ł'.repeat(71)), { characters: 71, encoding: 'unicode', parts: 2 });
  assert.deepEqual(smsSize('😀'.repeat(35)), { characters: 35, encoding: 'unicode', parts: 1 }, 'an emoji is two UTF-16 units');
  assert.deepEqual(smsSize('😀'.repeat(36)), { characters: 36, encoding: 'unicode', parts: 2 });
});

test('a message is made from the editor values and read back into them', () => {
  assert.deepEqual(messageOf('email', { subject: 'S', html: '', text: 't' }), { subject: 'S', text: 't' });
  assert.deepEqual(messageOf('push', { title: 'T' }), { title: 'T', body: '' });
  const email = { subject: 'S', html: '<p>h</p>', text: 't' };
  assert.deepEqual(messageOf('email', valuesOf('email', email)), email);
  assert.deepEqual(valuesOf('sms', { text: 'Hi' }), { text: 'Hi' });
  assert.deepEqual(valuesOf('fax', { text: 'Hi' }), {});
});
