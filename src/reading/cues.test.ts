import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findCues, findIhlSignals, modalityOf } from './cues.js';
import { findDates } from './dates.js';
import { splitSentences } from './sentences.js';

describe('reading: cues, modality and dates', () => {
  test('handing over is its own kind of event, diversion words stay diversion', () => {
    const kinds = (s: string) => findCues(s).map((c) => c.kind);
    assert.deepEqual(kinds('The vehicles were handed over at a ceremony.'), ['handover']);
    assert.deepEqual(kinds('Some radios had been lent to the neighbouring army.'), ['handover']);
    assert.deepEqual(kinds('The rifles were smuggled across the border.'), ['diversion']);
    assert.deepEqual(kinds('equipment taken from the army positions'), ['capture']);
  });

  test('official dismissals and debunking words deny the claim', () => {
    assert.equal(modalityOf('The army dismisses claims that night sights were handed to fighters.'), 'denied');
    assert.equal(modalityOf('Officials described the reports as baseless.'), 'denied');
    assert.equal(modalityOf('Nothing we have seen ties these vehicles to Kenya.'), 'denied');
    assert.equal(modalityOf('Photographs show the rifles with the militia.'), 'asserted');
    assert.equal(modalityOf('The company said it had no information about any re-export.'), 'denied');
    assert.equal(modalityOf('Soldiers, presumably of the Africa Corps, stand next to the devices.'), 'hedged');
  });

  test('deaths at protests are a humanitarian-law signal, protests alone are not', () => {
    assert.equal(findIhlSignals('two men killed during the protests of 9 January').length, 1);
    assert.equal(findIhlSignals('the deaths of eighteen people in Juliaca').length, 1);
    assert.equal(findIhlSignals('the protests continued peacefully').length, 0);
  });

  test('model designations are not years', () => {
    const years = (s: string) => findDates(s).map((d) => d.from.slice(0, 4));
    assert.deepEqual(years('The army operates the HR-2000 radio, bought in 2021.'), ['2021']);
    assert.deepEqual(years('a T2000 and a Mirage 2000-5 in mid-2014'), ['2014']);
    assert.deepEqual(years('in violation of resolution 1970 (2011) in 2022'), ['2022']);
  });

  test('footnote markers after a full stop end the sentence', () => {
    const texts = splitSentences('Devices were seen.[39] Researchers identified them.[40][41] Spain asked for clarification;[citation needed] Ouagadougou denied it.[42]').map((x) => x.text);
    assert.deepEqual(texts, ['Devices were seen.[39]', 'Researchers identified them.[40][41]', 'Spain asked for clarification;[citation needed] Ouagadougou denied it.[42]']);
  });
});
