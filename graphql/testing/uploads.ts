import type { MirYoga } from '../server/createYogaServer.js';
import type { GraphqlResponse } from './graphqlRequest.js';

export interface Upload {
  readonly query: string;
  /** Variables besides `file`, which the multipart map fills in. */
  readonly variables?: Record<string, unknown>;
  readonly file: Uint8Array;
  readonly authorization?: string | null;
  /** Defaults to the CSRF header every non-JSON post must carry. */
  readonly headers?: Record<string, string>;
}

/** A GraphQL multipart request (operations, map, one file part at `variables.file`), as upload clients send it. */
export function uploadRequest(upload: Upload): RequestInit {
  const form = new FormData();
  const variables = { ...upload.variables, file: null };
  form.set('operations', JSON.stringify({ query: upload.query, variables }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(upload.file)], { type: 'application/octet-stream' }), 'model.onnx');
  return {
    method: 'POST',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'x-graphql-yoga-csrf': '1',
      ...(upload.authorization == null ? {} : { authorization: upload.authorization }),
      ...upload.headers,
    },
    body: form,
  };
}

/** One multipart request through `yoga.fetch`, in process. */
export async function uploadThroughYoga<Data = Record<string, unknown>>(
  yoga: MirYoga,
  upload: Upload,
): Promise<GraphqlResponse<Data>> {
  const response = await yoga.fetch('http://mir.test/graphql', uploadRequest(upload));
  return { status: response.status, ...((await response.json()) as Omit<GraphqlResponse<Data>, 'status'>) };
}

export const REGISTER_MODEL = `
  mutation Register($file: File!, $name: String!, $version: String!, $description: String,
                    $featurizer: FeaturizerInput) {
    registerModel(file: $file, name: $name, version: $version, description: $description,
                  featurizer: $featurizer) {
      __typename
      ... on RegisterModelPayload {
        alreadyRegistered executionProvider fallbackReason
        model { name version sha256 size description irVersion producer registeredAt position
                opset { domain version } featurizer { kind version dimensions input }
                inputs { name type shape { size name } } outputs { name type shape { size name } } }
      }
      ... on Error { code message }
      ... on ModelInvalidError { reason }
      ... on ModelVersionConflictError { name version registeredSha256 sha256 }
      ... on ModelNameReservedError { name }
    }
  }`;
