import { describe, expect, it } from 'vitest';

import { characterTrigrams, textWords, wordTokens } from './textTokens.js';

describe('textWords', () => {
  it('given punctuation and symbols, then they separate words; digits, underscores and marks stay inside', () => {
    expect(textWords('rm -rf ~/.ssh/id_rsa; drop table users2 café')).toEqual([
      'rm',
      'rf',
      'ssh',
      'id_rsa',
      'drop',
      'table',
      'users2',
      'café',
    ]);
  });

  it('given non-Latin scripts, then their letter runs are words', () => {
    expect(textWords('удалить все 日本語')).toEqual(['удалить', 'все', '日本語']);
  });

  it('given no letters or digits, then no words', () => {
    expect(textWords('?! -- 🙂')).toEqual([]);
  });
});

describe('wordTokens', () => {
  it('given words, then prefixed unigrams followed by adjacent bigrams in order', () => {
    expect(wordTokens(['drop', 'the', 'table'])).toEqual([
      'w:drop',
      'w:the',
      'w:table',
      'b:drop the',
      'b:the table',
    ]);
  });

  it('given a single word, then no bigram', () => {
    expect(wordTokens(['hello'])).toEqual(['w:hello']);
  });
});

describe('characterTrigrams', () => {
  it('given a word, then trigrams of the word padded with spaces', () => {
    expect(characterTrigrams(['rm', 'a'])).toEqual(['c: rm', 'c:rm ', 'c: a ']);
  });

  it('given astral characters, then trigrams count code points and never split a surrogate pair', () => {
    expect(characterTrigrams(['𐐀x'])).toEqual(['c: 𐐀x', 'c:𐐀x ']);
  });
});
