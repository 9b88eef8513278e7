import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, random } from './support.js';

const {
  formatMemberLines, parseMemberLines, parseMemberCsv, memberBreakdownText,
} = await import(new URL('members.js', JS));

test('the member list is one id per line, exactly as typed: no CSV, no header, only blank lines dropped', () => {
  assert.deepEqual(parseMemberLines('u1\nx,y\n"quoted"\n'), ['u1', 'x,y', '"quoted"']);
  assert.deepEqual(parseMemberLines('ID\nu1'), ['ID', 'u1'], 'ID is an id, not a header');
  assert.deepEqual(parseMemberLines('userId\r\n u2 \r\r\n  \n\t\nu3'), ['userId', ' u2 ', 'u3'], 'no trimming');
  assert.deepEqual(parseMemberLines('u1\nu1'), ['u1', 'u1'], 'duplicates are kept for the preview to count');
  assert.deepEqual(parseMemberLines(''), []);
});

test('stored members shown one per line read back unchanged', () => {
  const issue = ['u1', 'x,y', '"quoted"'];
  assert.deepEqual(parseMemberLines(formatMemberLines(issue).text), issue);
  assert.deepEqual(parseMemberLines(formatMemberLines(['ID', 'u1']).text), ['ID', 'u1']);
  const rnd = random(14);
  const chars = ['a', 'B', ',', '"', ' ', '\t', 'é', '😀', 'I', 'D', ';', '\\'];
  for (let run = 0; run < 500; run += 1) {
    const ids = Array.from({ length: rnd.int(0, 8) }, () => Array.from({ length: rnd.int(1, 6) }, () => rnd.pick(chars)).join(''))
      .filter((id) => id.trim() !== '');
    const shown = formatMemberLines(ids);
    assert.equal(shown.verbatim, true, JSON.stringify(ids));
    assert.deepEqual(parseMemberLines(shown.text), ids, JSON.stringify(ids));
  }
});

test('ids that cannot be shown one per line are said to be so', () => {
  assert.equal(formatMemberLines(['two\nlines', 'u1']).verbatim, false);
  assert.equal(formatMemberLines(['cr\rid']).verbatim, false);
  assert.equal(formatMemberLines(['   ']).verbatim, false);
  assert.equal(formatMemberLines(['u1', ' u2 ']).verbatim, true);
});

test('an uploaded CSV file is read as the server reads it: first column, RFC 4180, optional userId header', () => {
  assert.deepEqual(parseMemberCsv('u1,ann@example.com,IN\nu2,bob@example.com\nu3\n'), ['u1', 'u2', 'u3']);
  assert.deepEqual(parseMemberCsv('userId,email\nu1,x\n'), ['u1']);
  assert.deepEqual(parseMemberCsv('user_id\nu1\n'), ['u1']);
  assert.deepEqual(parseMemberCsv('USERID\nu1\n'), ['u1']);
  assert.deepEqual(parseMemberCsv('"userId"\nu1\n'), ['u1']);
  assert.deepEqual(parseMemberCsv('\n\n  userId  \nu1\n'), ['u1']);
  assert.deepEqual(parseMemberCsv('u1\nuserId\n'), ['u1', 'userId'], 'only the first record can be a header');
  assert.deepEqual(parseMemberCsv('id\nu1\n'), ['id', 'u1'], 'id is not a header');
  assert.deepEqual(parseMemberCsv('\n\nu1\r\n\r\n   \r\nu2\ru3\n\t\n'), ['u1', 'u2', 'u3']);
  assert.deepEqual(parseMemberCsv(''), []);
  assert.deepEqual(parseMemberCsv('  u1 \t,x\n" u2 "\n  "u3"  ,y\n'), ['u1', ' u2 ', 'u3']);
  assert.deepEqual(parseMemberCsv('"a,b",x\n"say ""hi"""\n"two\nlines",z\n""""\n'), ['a,b', 'say "hi"', 'two\nlines', '"']);
  assert.deepEqual(parseMemberCsv('\uFEFFuserId\nu1\n'), ['u1']);
  assert.deepEqual(parseMemberCsv('b\na\nb\n'), ['b', 'a', 'b'], 'duplicates are kept for the preview to count');
});

test('a malformed CSV file fails naming the line its record starts on', () => {
  const bad = (text, line, words) => assert.throws(() => parseMemberCsv(text), (e) => {
    assert.match(e.message, new RegExp(`^CSV line ${line}: `));
    assert.match(e.message, words);
    return true;
  });
  bad('u1\n,x\n', 2, /empty/);
  bad('userId\n  ,\n', 2, /empty/);
  bad('u1\n"open\nstill open\n', 2, /not closed/);
  bad('u1\nu2"x\n', 2, /quote/);
  bad('u1\r\nu2\r\n"a"b\r\n', 3, /after a closing quote/);
  bad('"multi\nline","ok"\nfine\nx,"y"z\n', 4, /after a closing quote/);
});

test('a member breakdown says why the list counts fewer users', () => {
  const answer = (count, listed, duplicates, merged, unknown) => ({ count, members: { listed, duplicates, merged, unknown } });
  assert.equal(memberBreakdownText(answer(2, 6, 1, 1, 2)), '6 listed: 2 users now — 1 duplicate, 1 merged into another user, 2 unknown ids');
  assert.equal(memberBreakdownText(answer(1, 5, 2, 2, 0)), '5 listed: 1 user now — 2 duplicates, 2 merged into other users');
  assert.equal(memberBreakdownText(answer(0, 1, 0, 0, 1)), '1 listed: 0 users now — 1 unknown id');
  assert.equal(memberBreakdownText(answer(1200, 1200, 0, 0, 0)), '1,200 listed: 1,200 users now');
  assert.equal(memberBreakdownText({ count: 3 }), null, 'an answer without a breakdown (a server before it) says nothing');
});
