/**
 * One task's state, shared between the engine and the worker through a 4-byte SharedArrayBuffer. It exists
 * because a worker must never be terminated while it is inside ONNX Runtime: onnxruntime-node's binding aborts
 * the whole process ("terminate called after throwing an instance of 'Napi::Error'") when a worker terminated
 * mid-`session.run` or mid-`InferenceSession.create` returns from native code. So a time-out claims the task
 * first: a task that never started is dropped (its worker, if it had one, is idle in JavaScript and safe to stop);
 * a started one is abandoned, and its worker ends itself as soon as ONNX Runtime hands control back.
 *
 * Transitions: WAITING → STARTED (the worker, atomically, before any native work), WAITING → CANCELLED (the
 * engine's deadline, atomically), STARTED → ABANDONED (the engine's deadline).
 */
export const TASK_WAITING = 0;
export const TASK_STARTED = 1;
export const TASK_CANCELLED = 2;
export const TASK_ABANDONED = 3;

export type TaskControl = Int32Array;

export function newTaskControl(): TaskControl {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Worker side: true when this worker may run the task; false when the engine has cancelled it already. */
export function claimTask(control: TaskControl): boolean {
  return Atomics.compareExchange(control, 0, TASK_WAITING, TASK_STARTED) === TASK_WAITING;
}

/** Worker side, after the task's work: true when the engine gave up on it meanwhile. */
export function wasAbandoned(control: TaskControl): boolean {
  return Atomics.load(control, 0) === TASK_ABANDONED;
}

/**
 * Engine side, when the deadline passes: 'not-started' (now cancelled: no worker will run it) or 'started' (now
 * abandoned: its worker finishes the native call, discards the result and exits).
 */
export function giveUpTask(control: TaskControl): 'not-started' | 'started' {
  if (Atomics.compareExchange(control, 0, TASK_WAITING, TASK_CANCELLED) === TASK_WAITING)
    return 'not-started';
  Atomics.store(control, 0, TASK_ABANDONED);
  return 'started';
}
