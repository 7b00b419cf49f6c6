import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { verifyAuditChain } from '../src/audit/audit.repository.js';
import { DocumentRepository } from '../src/evidence/document.repository.js';
import { addFeed, pollFeeds } from '../src/evidence/feed.service.js';
import { loadKnowledge } from '../src/reading/knowledge.js';
import { forEachDialect } from './dialects.js';

/** Feeds are served by a loopback server started here; nothing else is contacted. */

const RSS = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Arms Monitor</title><link>http://127.0.0.1/</link>
<item><guid>a-1</guid><title>Rifles surface in a border market</title><link>http://127.0.0.1/a-1</link><pubDate>Tue, 12 Jan 2021 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Traders offered assault rifles for sale in a border market, according to local reporters.&lt;/p&gt;</description></item>
<item><guid>a-2</guid><title>Parliament debates export permits</title><link>http://127.0.0.1/a-2</link><pubDate>Wed, 13 Jan 2021 08:00:00 GMT</pubDate>
<description>Members of parliament debated the annual report on export permits.</description></item>
</channel></rss>`;

let url = '';
const server = createServer((req, res) => {
  if (req.url === '/feed.xml') {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(RSS);
  } else {
    res.writeHead(404);
    res.end();
  }
});
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
});
after(() => server.close());

await forEachDialect('feeds', ({ db }) => {
  it('polls a feed: each entry is a source, a second poll stores nothing new', async () => {
    const store = await db().open();
    await addFeed(store, 'analyst', url);
    await assert.rejects(addFeed(store, 'analyst', url), /already subscribed/);
    await assert.rejects(addFeed(store, 'analyst', 'ftp://127.0.0.1/feed'), /only http and https/);
    const knowledge = await loadKnowledge(store.db);
    const refused = await pollFeeds(store, knowledge, { actor: 'analyst', asOf: '2021-02-01' });
    assert.equal(refused[0].ok, false);
    assert.match(refused[0].error ?? '', /private|loopback|not allowed/i);
    const [first] = await pollFeeds(store, knowledge, { actor: 'analyst', asOf: '2021-02-01', allowPrivate: true });
    assert.equal(first.ok, true, first.error);
    assert.equal(first.entries, 2);
    assert.equal(first.stored, 2);
    const docs = await new DocumentRepository(store.db).list();
    assert.deepEqual(docs.map((d) => d.published_on).sort(), ['2021-01-12', '2021-01-13']);
    assert.ok(docs.every((d) => d.publisher === 'Arms Monitor'));
    const [second] = await pollFeeds(store, knowledge, { actor: 'analyst', asOf: '2021-02-01', allowPrivate: true });
    assert.equal(second.stored, 0);
    assert.equal(second.duplicates, 2);
    assert.equal((await new DocumentRepository(store.db).list()).length, 2);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.close();
  });
});
