import { describe, expect, it } from 'vitest';

import {
  HELD_OUT_PERCENT,
  isHeldOut,
  parseRiskCorpus,
  readRiskCorpus,
  splitRiskCorpus,
} from './riskCorpus.js';

describe('parseRiskCorpus', () => {
  it('given a header and labelled lines, then the examples in order', () => {
    expect(parseRiskCorpus('label\ttext\nbenign\tHello there\nrisky\trm -rf /\n')).toEqual([
      { label: 'benign', text: 'Hello there' },
      { label: 'risky', text: 'rm -rf /' },
    ]);
  });

  it('given a missing header, then an error naming line 1', () => {
    expect(() => parseRiskCorpus('benign\tHello\n')).toThrow(/line 1/);
  });

  it('given an unknown label, a missing tab, an extra tab or an empty text, then an error naming the line', () => {
    expect(() => parseRiskCorpus('label\ttext\nbenign\tok\nharmless\tHello\n')).toThrow(/line 3: label/);
    expect(() => parseRiskCorpus('label\ttext\nbenign Hello\n')).toThrow(/line 2/);
    expect(() => parseRiskCorpus('label\ttext\nrisky\ta\tb\n')).toThrow(/line 2/);
    expect(() => parseRiskCorpus('label\ttext\nrisky\t  \n')).toThrow(/line 2/);
  });

  it('given two texts equal once normalised, then an error naming both lines (no train/held-out leak)', () => {
    expect(() =>
      parseRiskCorpus('label\ttext\nrisky\tDROP TABLE users;\nrisky\tdrop  table users;\n'),
    ).toThrow(/line 3: duplicates line 2/);
  });
});

describe('splitRiskCorpus', () => {
  it('given the corpus reordered, then the same held-out examples (split by content, not position)', () => {
    const corpus = readRiskCorpus();
    const heldOut = splitRiskCorpus(corpus).heldOut.map((example) => example.text);
    const reversed = splitRiskCorpus([...corpus].reverse()).heldOut.map((example) => example.text);
    expect([...reversed].sort()).toEqual([...heldOut].sort());
  });

  it('given a text, then whether it is held out ignores case and spacing', () => {
    const text = readRiskCorpus()
      .map((example) => example.text)
      .find(isHeldOut) as string;
    expect(isHeldOut(`  ${text.toUpperCase()} `)).toBe(true);
  });
});

describe('the shipped corpus', () => {
  const corpus = readRiskCorpus();
  const { train, heldOut } = splitRiskCorpus(corpus);
  const risky = (examples: readonly { label: string }[]) =>
    examples.filter((example) => example.label === 'risky');

  it('given the file, then at least 400 examples, each class between 45% and 55%', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    const share = risky(corpus).length / corpus.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });

  it(`given the split, then about ${HELD_OUT_PERCENT}% held out, both classes present on both sides`, () => {
    expect(train.length + heldOut.length).toBe(corpus.length);
    expect(heldOut.length / corpus.length).toBeGreaterThan(0.14);
    expect(heldOut.length / corpus.length).toBeLessThan(0.26);
    expect(risky(heldOut).length).toBeGreaterThan(heldOut.length / 3);
    expect(risky(heldOut).length).toBeLessThan((heldOut.length * 2) / 3);
  });
});
