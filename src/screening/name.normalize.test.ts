import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldToAscii, normalizeName } from './name.normalize.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';

test('folding removes case and diacritics and transliterates Cyrillic, Greek and Arabic', () => {
  assert.equal(foldToAscii("Çavuşoğlu, O'Brien-Łukasz"), 'cavusoglu obrien lukasz');
  assert.equal(foldToAscii('Сергей Лавров'), 'sergei lavrov');
  assert.equal(foldToAscii('Ξενοφών'), 'xenofon');
  assert.equal(foldToAscii('محمد'), 'mhmd');
  assert.equal(foldToAscii('  ..ACME!! '), 'acme');
});

test('name-part variants fall together and fused prefixes split', () => {
  for (const n of ['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad', 'Muhamad']) assert.deepEqual(normalizeName(n, true).tokens, ['muhammad']);
  assert.deepEqual(normalizeName('Abd al-Rahman', true).tokens, ['abd', 'rahman']);
  assert.deepEqual(normalizeName('ABDULRAHMAN', true).tokens, ['abd', 'rahman']);
  assert.deepEqual(normalizeName('Abdel Rahman', true).tokens, ['abd', 'rahman']);
  assert.deepEqual(normalizeName('Youssef ibn Husain', true).tokens, ['yusuf', 'bin', 'husayn']);
  assert.deepEqual(normalizeName('Sergei Aleksandr', true).tokens, ['sergey', 'aleksandr']);
  assert.deepEqual(normalizeName('Sergei', true).spellings, ['sergei']);
});

test('legal forms are removed from either end of organisations and remembered', () => {
  assert.deepEqual(normalizeName('ООО Ромашка'), { tokens: ['romashka'], spellings: ['romashka'], numbers: [], legalForms: ['llc'] });
  assert.deepEqual(normalizeName('Anglo-Caribbean Co., Ltd.').tokens, ['anglo', 'caribbean']);
  assert.deepEqual(normalizeName('Limited Liability Company Torgovy Dom').legalForms, ['llc']);
  assert.deepEqual(normalizeName('Acme S.A.').tokens, ['acme']);
  assert.deepEqual(normalizeName('PJSC Acme Holding AG').legalForms.sort(), ['jsc', 'jsc']);
  // never the whole name, never a person's name
  assert.deepEqual(normalizeName('Limited').tokens, ['limited']);
  assert.deepEqual(normalizeName('Ivan Co', true).tokens, ['ivan', 'co']);
});

test('numbers are set apart, also when fused with letters', () => {
  assert.deepEqual(normalizeName('Ocean Star 2').numbers, ['2']);
  assert.deepEqual(normalizeName('IL76TD'), { tokens: ['il', 'td'], spellings: ['il', 'td'], numbers: ['76'], legalForms: [] });
  assert.deepEqual(normalizeName('Vessel 007').numbers, ['7']);
});

test('phonetic and spelling keys join transliteration variants', () => {
  assert.equal(phoneticKey('muhammad'), phoneticKey('mohammed'));
  assert.equal(phoneticKey('mhmd'), phoneticKey('muhammad'));
  assert.equal(phoneticKey('yusuf'), phoneticKey('youssef'));
  assert.equal(phoneticKey('husain'), phoneticKey('husayn'));
  assert.equal(phoneticKey('aleksandr'), phoneticKey('alexander'));
  assert.notEqual(phoneticKey('lavrov'), phoneticKey('petrov'));
  assert.equal(spellingKey('haqani'), spellingKey('haqqani'));
  assert.equal(spellingKey('leeabeeleety'), spellingKey('liability'));
  assert.equal(spellingKey('ween'), spellingKey('win'));
});
