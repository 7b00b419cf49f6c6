import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildArticleHtml, ARTICLE_NOISE, ARTICLE_SENTENCES } from '../../test/fixtures/evidence/article.build.js';
import { ATOM, ENTITY_BOMB, RDF, RSS2 } from '../../test/fixtures/evidence/feeds.build.js';
import { buildPdf } from '../../test/fixtures/evidence/pdf.build.js';
import { AppError } from '../shared/errors.js';
import { extract, readFeed } from './source.extract.js';
import type { RawSource } from './source.types.js';

const raw = (origin: string, content: string | Buffer, contentType: string | null = null): RawSource => ({
  origin,
  bytes: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
  contentType,
});

const refusal = (message: string | RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === 'invalid_input' && (typeof message === 'string' ? e.message === message : message.test(e.message));

test('HTML article: only the article paragraphs remain, with metadata', async () => {
  const [doc] = await extract(raw('https://www.monitor.example/news/arms.html', buildArticleHtml()));
  for (const s of ARTICLE_SENTENCES) assert.ok(doc.text.includes(s), `missing: ${s}`);
  for (const noise of ARTICLE_NOISE) assert.ok(!doc.text.includes(noise), `noise left: ${noise}\n---\n${doc.text}`);
  assert.equal(doc.format, 'html');
  assert.equal(doc.title, 'Arms shipment diverted to third country');
  assert.equal(doc.publishedOn, '2024-03-05');
  assert.equal(doc.publisher, 'Daily Monitor');
  assert.equal(doc.url, 'https://www.monitor.example/news/arms.html');
  assert.match(doc.text, /\.\n\nOfficials said/, 'paragraphs are separated by a blank line');
});

test('HTML metadata fallbacks: JSON-LD date, <time>, host as publisher, <title>', async () => {
  const body = `<p>${'The register lists forty permits issued to the same broker in one year. '.repeat(4)}</p>`;
  const ld = `<html><head><title>Permit register</title><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2023-07-14T09:00:00Z"}]}</script></head><body>${body}</body></html>`;
  const [a] = await extract(raw('http://www.register.example/p', ld));
  assert.equal(a.publishedOn, '2023-07-14');
  assert.equal(a.publisher, 'register.example');
  assert.equal(a.title, 'Permit register');
  const time = `<html><body><article><h1>Register note</h1><time datetime="2022-12-01">1 Dec</time>${body}</article></body></html>`;
  const [b] = await extract(raw('note.html', time));
  assert.equal(b.publishedOn, '2022-12-01');
  assert.equal(b.title, 'Register note');
  assert.equal(b.publisher, null);
  assert.equal(b.url, null);
});

test('HTML fragment without readable article falls back to body text', async () => {
  const [doc] = await extract(raw('short.html', '<p>Brief note on a permit.</p>'));
  assert.equal(doc.text, 'Brief note on a permit.');
});

test('100,000-deep nested HTML is refused fast with a clear error', async () => {
  const deep = `<html><body>${'<div>'.repeat(100_000)}text${'</div>'.repeat(100_000)}</body></html>`;
  const started = performance.now();
  await assert.rejects(extract(raw('deep.html', deep)), refusal('deep.html: HTML nested deeper than 500 elements (limit maxHtmlDepth)'));
  const ms = performance.now() - started;
  assert.ok(ms < 500, `took ${ms} ms`);
});

test('HTML nested within the limit is read (past depth 200 without Readability, still cleaned)', async () => {
  const started = performance.now();
  const [doc] = await extract(raw('nested.html', buildArticleHtml({ depth: 450 })));
  assert.ok(performance.now() - started < 1500);
  for (const s of ARTICLE_SENTENCES) assert.ok(doc.text.includes(s), `missing: ${s}`);
  for (const noise of ARTICLE_NOISE) assert.ok(!doc.text.includes(noise), `noise left: ${noise}\n---\n${doc.text}`);
});

test('a real PDF: lines, paragraphs, de-hyphenation, headers and page numbers dropped, metadata', async () => {
  const pdf = buildPdf({
    title: 'Annual Export Report',
    creationDate: 'D:20240115120000Z',
    pages: [
      ['Ministry of Trade - Annual Report', 'The export of controlled goods in-', 'creased by ten percent last year.', '', 'Licences for dual-use items were', '', '', '', 'Page 1 of 2'],
      ['Ministry of Trade - Annual Report', 'issued within forty days on average.', '', 'Two licences were revoked (see annex).', '', '', '', 'Page 2 of 2'],
    ],
  });
  const [doc] = await extract(raw('report.pdf', pdf));
  assert.equal(doc.format, 'pdf');
  assert.equal(doc.title, 'Annual Export Report');
  assert.equal(doc.publishedOn, '2024-01-15');
  assert.equal(
    doc.text,
    'The export of controlled goods increased by ten percent last year.\n\n' +
      'Licences for dual-use items were issued within forty days on average.\n\n' +
      'Two licences were revoked (see annex).',
  );
});

test('a .pdf that is not a PDF is refused; a corrupt PDF names its origin', async () => {
  await assert.rejects(extract(raw('x.pdf', 'just some text pretending')), refusal('x.pdf: not a PDF (no %PDF- header)'));
  await assert.rejects(extract(raw('https://a.example/doc', 'hello', 'application/pdf')), refusal(/not a PDF/));
  await assert.rejects(extract(raw('broken.pdf', '%PDF-1.7\n1 0 obj << /Type /Cat')), refusal(/^broken\.pdf: corrupt or unreadable PDF/));
});

test('binary junk and empty text are refused', async () => {
  const junk = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]);
  await assert.rejects(extract(raw('report.bin', junk)), refusal('report.bin: not text (binary content)'));
  await assert.rejects(extract(raw('blank.txt', ' \n\n \t\n')), refusal('blank.txt: no readable text'));
  await assert.rejects(extract(raw('empty.html', '<html><body><nav><a href="/">Home</a></nav></body></html>')), refusal('empty.html: no readable text'));
});

test('plain text: paragraphs, title, "Published:" date, Latin-1 input', async () => {
  const text = 'Transit report\r\n\r\nPublished: 3 June 2024\r\n\r\nThe cargo was\r\nunloaded at night.\r\n\r\n\r\nA second   paragraph.';
  const [doc] = await extract(raw('notes.txt', Buffer.from(text, 'latin1')));
  assert.equal(doc.format, 'text');
  assert.equal(doc.title, 'Transit report');
  assert.equal(doc.publishedOn, '2024-06-03');
  assert.equal(doc.publisher, null);
  assert.equal(doc.text, 'Transit report\n\nPublished: 3 June 2024\n\nThe cargo was unloaded at night.\n\nA second paragraph.');
  const long = 'The ministry published the list of revoked licences together with the names and addresses of all the brokers involved in the case.';
  const [unwrapped] = await extract(raw('lines.txt', `${long}\n${long} Again.\nShort third line.`));
  assert.equal(unwrapped.text, `${long}\n\n${long} Again.\n\nShort third line.`);
  const [latin] = await extract(raw('latin.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x4f, 0x4b])));
  assert.equal(latin.text, 'café – OK');
});

test('RSS 2.0 feed: one document per entry with dates, links and cleaned HTML bodies', async () => {
  const docs = await extract(raw('https://watch.example/feed', RSS2, 'application/rss+xml'));
  assert.equal(docs.length, 3);
  const [first, second, third] = docs;
  assert.deepEqual(
    { origin: first.origin, url: first.url, title: first.title, publishedOn: first.publishedOn, publisher: first.publisher, format: first.format },
    { origin: 'https://watch.example/news/1', url: 'https://watch.example/news/1', title: 'Licence suspended for drone parts', publishedOn: '2024-06-04', publisher: 'Arms & Trade Watch', format: 'feed' },
  );
  assert.equal(first.text, 'The ministry suspended two licences.\n\nExports of & parts resumed later.');
  assert.equal(second.text, 'Customs seized night-vision goggles at the border.');
  assert.equal(second.publishedOn, '2024-06-05');
  assert.equal(third.origin, 'https://watch.example/feed#3');
  assert.equal(third.text, 'Headline only');
  assert.equal(third.url, null);
});

test('Atom and RSS 1.0 feeds; entries with ids for polling', async () => {
  const atom = await extract(raw('notes.atom', ATOM));
  assert.deepEqual(
    atom.map((d) => [d.origin, d.title, d.publishedOn, d.text, d.publisher]),
    [
      ['https://notes.example/1', 'Brokering rules tightened', '2024-02-01', 'New brokering rules take effect in March.', 'Export Control Notes'],
      ['https://notes.example/2', 'Second note', '2024-01-20', 'Transit controls were extended.', 'Export Control Notes'],
    ],
  );
  const rdf = await extract(raw('old.rdf', RDF));
  assert.deepEqual(rdf.map((d) => [d.origin, d.publishedOn, d.text]), [['https://old.example/a', '2023-11-09', 'An item in RSS 1.0.']]);
  const feed = readFeed(raw('https://watch.example/feed', RSS2));
  assert.deepEqual(feed.entries.map((e) => e.id), ['atw-1', 'https://watch.example/news/2', 'https://watch.example/feed#3']);
  assert.equal(feed.title, 'Arms & Trade Watch');
  assert.deepEqual(readFeed(raw('n.atom', ATOM)).entries.map((e) => e.id), ['urn:notes:1', 'urn:notes:2']);
});

test('feeds declaring entities are refused (no entity expansion)', async () => {
  await assert.rejects(extract(raw('bomb.xml', ENTITY_BOMB)), refusal('bomb.xml: feed declares XML entities (refused)'));
});

test('a source over maxBytes is refused', async () => {
  await assert.rejects(extract(raw('big.txt', 'x'.repeat(2000)), { maxBytes: 1000 }), refusal('big.txt: 2000 bytes, over the limit of 1000 (maxBytes)'));
});
