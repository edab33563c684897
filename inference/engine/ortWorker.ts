import { workerData } from 'node:worker_threads';
import { runModel } from './runModel.js';
import { SessionCache } from './sessionCache.js';
import { claimTask, wasAbandoned } from './taskControl.js';
import { arriveAndWait } from './workerBarrier.js';
import { serializeFailure } from './workerFailure.js';
import type { WorkerConfig, WorkerJob, WorkerLoadOutput, WorkerReply, WorkerTask } from './workerProtocol.js';

/**
 * The piscina task handler: one instance of this module per worker thread, holding that worker's sessions.
 * Every outcome is a reply value, so errors keep their code across the thread boundary.
 */
const config = workerData as WorkerConfig;
const sessions = new SessionCache(config);

/** The engine's deadline passed before this worker took the task; the engine has answered the caller already. */
const CANCELLED: WorkerReply<never> = {
  ok: false,
  error: { code: 'INFERENCE_TIMEOUT', message: 'cancelled before it started', details: {} },
};

export default async function handleTask(task: WorkerTask): Promise<WorkerReply<unknown>> {
  if (!claimTask(task.control)) return CANCELLED;
  let reply: WorkerReply<unknown>;
  try {
    reply = { ok: true, value: await perform(task) };
  } catch (error) {
    reply = { ok: false, error: serializeFailure(error) };
  }
  // The engine gave up on this task while ONNX Runtime held the thread. Ending the thread now, back in
  // JavaScript, is the safe way to replace it (see taskControl); it also hands back the memory arena an
  // oversized run grew. In a worker, process.exit ends this thread only.
  if (wasAbandoned(task.control)) process.exit(0);
  return reply;
}

async function perform(job: WorkerJob): Promise<unknown> {
  switch (job.kind) {
    case 'run':
      return runModel(sessions, config, job.model, job.inputs);
    case 'load': {
      await arriveAndWait(job.barrier);
      const { executionProvider, fallbackReason } = await sessions.get(job.model);
      return { executionProvider, fallbackReason } satisfies WorkerLoadOutput;
    }
    case 'unload':
      await arriveAndWait(job.barrier);
      return sessions.unload(job.sha256);
    case 'releaseAll':
      await arriveAndWait(job.barrier);
      return sessions.releaseAll();
    default:
      return job satisfies never;
  }
}
