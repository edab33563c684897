import { describe, expect, it } from 'vitest';

import { riskText } from '../../domain/index.js';
import type { JsonValue } from '../../domain/index.js';
import {
  HELD_OUT_PERCENT,
  classifierExamples,
  isHeldOut,
  parseRiskCorpus,
  readRiskCorpus,
  splitRiskCorpus,
  toolRequestCorpusPath,
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

describe('classifierExamples', () => {
  const corpus = parseRiskCorpus('label\ttext\nbenign\tWhat is the weather in Oslo?\n');

  it('given a corpus and tool requests, then the corpus first, then the tool requests', () => {
    const toolRequests = parseRiskCorpus(
      'label\ttext\nbenign\tcall tool kv.get version 1 with {"key":"a"}\n',
    );
    expect(classifierExamples(corpus, toolRequests).map((example) => example.text)).toEqual([
      'What is the weather in Oslo?',
      'call tool kv.get version 1 with {"key":"a"}',
    ]);
  });

  it('given a tool request equal to a corpus text once normalised, then an error quoting it', () => {
    const toolRequests = parseRiskCorpus('label\ttext\nrisky\twhat is the  WEATHER in oslo?\n');
    expect(() => classifierExamples(corpus, toolRequests)).toThrow(/repeats a risk corpus text: "what is/);
  });
});

describe('the shipped tool-request corpus', () => {
  const toolRequests = readRiskCorpus(toolRequestCorpusPath());
  const RENDERING = /^call tool (\S+) version (\S+) with (.*)$/u;

  it('given each text, then it is exactly what the gate scores for that call (riskText of its tool and args)', () => {
    for (const { text } of toolRequests) {
      const [, name, version, args] = RENDERING.exec(text) ?? [];
      expect(name, text).toBeDefined();
      const rendered = riskText(
        { name: name as string, version: version as string },
        JSON.parse(args as string) as JsonValue,
      );
      expect(rendered).toBe(text);
    }
  });

  it('given the split, then both classes are held out and both are trained on', () => {
    const { train, heldOut } = splitRiskCorpus(toolRequests);
    for (const side of [train, heldOut]) {
      expect(new Set(side.map((example) => example.label))).toEqual(new Set(['benign', 'risky']));
    }
    expect(classifierExamples(readRiskCorpus(), toolRequests)).toHaveLength(
      readRiskCorpus().length + toolRequests.length,
    );
  });
});
