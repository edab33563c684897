import { describe, expect, it } from 'vitest';
import { offeredRunActions } from './runActionRules.js';

const roles = {
  auditor: ['read', 'verify', 'proofs'],
  app: ['read', 'runWrite'],
  admin: ['read', 'runWrite', 'verify', 'proofs', 'runReplay', 'rollback'],
};
const holder = (capabilities: readonly string[]) => (capability: string) => capabilities.includes(capability);

describe('offeredRunActions', () => {
  it('given an admin and a running run, then every action is offered, cancel first', () => {
    expect(offeredRunActions('running', holder(roles.admin))).toEqual([
      'cancel',
      'rollback',
      'fork',
      'replay',
    ]);
  });

  it('given an ended run, then cancel is not offered and the others stay', () => {
    for (const status of ['completed', 'failed', 'cancelled', 'rolled_back', 'rollback_failed'])
      expect(offeredRunActions(status, holder(roles.admin))).toEqual(['rollback', 'fork', 'replay']);
  });

  it('given an app key, then only cancel and fork (run writes) are offered', () => {
    expect(offeredRunActions('awaiting_approval', holder(roles.app))).toEqual(['cancel', 'fork']);
    expect(offeredRunActions('pending', holder(roles.app))).toEqual(['cancel', 'fork']);
  });

  it('given an auditor, then no run action is offered (it changes nothing)', () => {
    expect(offeredRunActions('running', holder(roles.auditor))).toEqual([]);
  });
});
