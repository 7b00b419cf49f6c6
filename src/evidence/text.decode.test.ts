import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../shared/errors.js';
import { decodeText, declaredCharset } from './text.decode.js';

const SAMPLE = 'Peshmerga – café, naïve résumé';

/** UTF-16 BE bytes of a string (Node has no 'utf16be' encoding). */
function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

/** Windows-1252 bytes: Latin-1 plus the en dash at 0x96. */
function cp1252(s: string): Buffer {
  return Buffer.from(Array.from(s, (ch) => (ch === '–' ? 0x96 : ch.charCodeAt(0))));
}

test('UTF-8 with and without BOM', () => {
  assert.equal(decodeText(Buffer.from(SAMPLE, 'utf8'), 'a.txt'), SAMPLE);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]), 'a.txt'), SAMPLE);
});

test('Windows-1252 / Latin-1 bytes fall back correctly', () => {
  assert.equal(decodeText(cp1252(SAMPLE), 'latin.txt'), SAMPLE);
});

test('UTF-16 LE and BE, with and without BOM', () => {
  const le = Buffer.from(SAMPLE, 'utf16le');
  const be = utf16be(SAMPLE);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'le-bom.txt'), SAMPLE);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'be-bom.txt'), SAMPLE);
  assert.equal(decodeText(le, 'le.txt'), SAMPLE);
  assert.equal(decodeText(be, 'be.txt'), SAMPLE);
});

test('binary junk is refused with the origin in the message', () => {
  let seed = 7;
  const junk = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR')]);
  const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
  for (const [bytes, name] of [[junk, 'report.bin'], [png, 'image.png'], [controls, 'ctl.dat']] as const) {
    assert.throws(
      () => decodeText(bytes, name),
      (e: unknown) => e instanceof AppError && e.code === 'invalid_input' && e.message === `${name}: not text (binary content)`,
    );
  }
});

test('a declared charset is used when the bytes are not UTF-8', () => {
  const cyrillic = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in windows-1251
  assert.equal(decodeText(cyrillic, 'ru.html', declaredCharset(null, Buffer.concat([Buffer.from('<meta charset="windows-1251">'), cyrillic]))), 'Привет');
  assert.equal(decodeText(cyrillic, 'ru.txt', declaredCharset('text/plain; charset=windows-1251', cyrillic)), 'Привет');
  // valid UTF-8 wins over a wrong declaration; an unknown label is ignored
  assert.equal(decodeText(Buffer.from('café'), 'a.html', 'windows-1251'), 'café');
  assert.equal(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'a.txt', 'no-such-charset'), 'café');
});
