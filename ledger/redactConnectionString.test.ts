import { describe, expect, it } from 'vitest';
import { redactConnectionString } from './redactConnectionString.js';

describe('connection strings in messages', () => {
  it('given a password, then it never shows', () => {
    expect(redactConnectionString('esdb://admin:changeit@127.0.0.1:2113?tls=false')).toBe(
      'esdb://admin:***@127.0.0.1:2113?tls=false',
    );
    expect(redactConnectionString('esdb+discover://ops:p%40ss:w0rd@cluster.dns:2113')).toBe(
      'esdb+discover://ops:***@cluster.dns:2113',
    );
    expect(redactConnectionString('failed: esdb://a:b@h1,c:d@h2 and esdb://x:y@h3')).not.toMatch(/:b@|:y@/);
  });

  it('given no password, then the text is unchanged', () => {
    for (const text of ['esdb://127.0.0.1:2113?tls=false', 'esdb://admin@host:2113', 'plain text'])
      expect(redactConnectionString(text)).toBe(text);
  });
});
