import { forbiddenError, unauthenticatedError } from '../access/accessErrors.js';
import { hasCapability } from '../access/capabilities.js';
import { DEFAULT_MAX_MODEL_UPLOAD_BYTES } from '../graphqlDeps.js';
import type { GraphqlDeps } from '../graphqlDeps.js';

/**
 * The largest multipart body: a model file of up to `maxModelUploadBytes` plus an operation of up to
 * `maxRequestBytes`. Without an inference runtime nothing can be uploaded, so it is just `maxRequestBytes`.
 */
export function uploadBodyLimit(deps: GraphqlDeps): number {
  const { maxRequestBytes, maxModelUploadBytes = DEFAULT_MAX_MODEL_UPLOAD_BYTES } = deps.config;
  return deps.inference === undefined ? maxRequestBytes : maxModelUploadBytes + maxRequestBytes;
}

/**
 * Refuses a multipart body before it is read unless its key may register models: 401 without a valid key, 403
 * for another role. (`registerModel` checks the capability again, like every field.)
 */
export async function admitUpload(deps: GraphqlDeps, authorization: string | null): Promise<void> {
  const principal = await deps.authenticate(authorization);
  if (principal === null) throw unauthenticatedError();
  if (!hasCapability(principal, 'modelAdmin')) throw forbiddenError('file uploads', principal.role);
}
