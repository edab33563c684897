import type { VerificationFailure, VerificationReport } from '../../ledger/index.js';
import { builder } from '../builder.js';
import { JsonScalar } from './jsonScalar.js';

const VerificationFailureType = builder.objectRef<VerificationFailure>('VerificationFailure').implement({
  description: 'The first failure in position order, named precisely, with the two values that disagree.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    stream: t.exposeString('stream', { nullable: true }),
    revision: t.exposeInt('revision', { nullable: true }),
    position: t.expose('position', { type: 'Position', nullable: true }),
    expected: t.field({ type: JsonScalar, nullable: true, resolve: (failure) => failure.expected ?? null }),
    actual: t.field({ type: JsonScalar, nullable: true, resolve: (failure) => failure.actual ?? null }),
  }),
});

const VerifiedCheckpointType = builder.simpleObject('VerifiedCheckpoint', {
  fields: (t) => ({
    treeSize: t.field({ type: 'Position' }),
    rootHash: t.string({ description: 'Hex.' }),
    timestamp: t.string({ description: 'ISO 8601 (UTC).' }),
  }),
});

function summary(checkpoint: VerificationReport['latestCheckpoint']) {
  return checkpoint === null
    ? null
    : {
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        timestamp: new Date(checkpoint.timestamp).toISOString(),
      };
}

export const VerificationReportType = builder.objectRef<VerificationReport>('VerificationReport').implement({
  description:
    'The outcome of recomputing every hash, chain link, Merkle root and checkpoint signature. A failure is ' +
    'reported, never repaired.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    failure: t.field({ type: VerificationFailureType, nullable: true, resolve: (report) => report.failure }),
    origin: t.exposeString('origin', { nullable: true }),
    eventsVerified: t.expose('eventsVerified', { type: 'Position' }),
    streams: t.exposeInt('streams'),
    checkpointsVerified: t.exposeInt('checkpointsVerified'),
    latestCheckpoint: t.field({
      type: VerifiedCheckpointType,
      nullable: true,
      resolve: (report) => summary(report.latestCheckpoint),
    }),
    uncoveredEvents: t.expose('uncoveredEvents', { type: 'Position' }),
    keySource: t.exposeString('keySource'),
  }),
});
