import { formatDuration } from '../../ui/format.js';
import type { TensorSpec } from './catalogDocuments.js';

/** `float32[batch, 8]`: a tensor's element type and shape (named or sized dimensions; `?` when neither). */
export function describeTensor(tensor: TensorSpec): string {
  const shape =
    tensor.shape === null
      ? '[any rank]'
      : `[${tensor.shape.map((dim) => (dim.size !== null ? String(dim.size) : (dim.name ?? '?'))).join(', ')}]`;
  return `${tensor.name}: ${tensor.type}${shape}`;
}

/** `1.5 MiB`: a file size for people. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `5 calls per 1m 00s`, or `no limit`. */
export function describeRateLimit(limit: { readonly calls: number; readonly perMs: number } | null): string {
  if (limit === null) return 'no limit';
  return `${limit.calls} call${limit.calls === 1 ? '' : 's'} per ${formatDuration(limit.perMs)}`;
}
