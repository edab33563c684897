import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_TENANT } from '../domain/index.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { requestInference } from './testing/inferenceOperations.js';
import { startRun } from './testing/runOperations.js';
import { listen } from './testing/httpServer.js';
import type { ListeningApi } from './testing/httpServer.js';
import { affineModel, textScorerModel } from './testing/testModels.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';
import { REGISTER_MODEL, uploadRequest, uploadThroughYoga } from './testing/uploads.js';
import type { Upload } from './testing/uploads.js';

/** Small enough that the tests can cross it cheaply, large enough for every model they build. */
const UPLOAD_LIMIT = 16 * 1024;

let rt: TestRuntime;
let http: ListeningApi;
let admin: string;
beforeAll(async () => {
  rt = await openTestRuntime({
    store: 'sqlite',
    inference: {},
    config: { maxModelUploadBytes: UPLOAD_LIMIT },
  });
  http = await listen(rt.api);
  admin = await rt.bearer('admin');
});
afterAll(async () => {
  await http.close();
  await rt.close();
});

type Payload = Record<string, unknown> & { __typename: string };

async function register(upload: Partial<Upload> & { variables: Record<string, unknown> }) {
  const response = await uploadThroughYoga<{ registerModel: Payload }>(rt.api.yoga, {
    query: REGISTER_MODEL,
    file: affineModel(),
    authorization: admin,
    ...upload,
  });
  return response;
}

const MODELS = `query($name: String) { models(name: $name) { name version sha256 size description position
  inputs { name type shape { size name } } outputs { name } featurizer { kind dimensions input } } }`;

describe('registerModel (multipart upload)', () => {
  it('when an admin uploads an ONNX model, then it is registered, warmed on cpu, and `models` lists it', async () => {
    const response = await register({
      variables: { name: 'affine', version: '1', description: 'y = xW + b' },
    });
    expect(response.status).toBe(200);
    const payload = response.data!.registerModel;
    expect(payload).toMatchObject({
      __typename: 'RegisterModelPayload',
      alreadyRegistered: false,
      executionProvider: 'cpu',
      fallbackReason: null,
      model: {
        name: 'affine',
        version: '1',
        size: affineModel().length,
        description: 'y = xW + b',
        irVersion: 8,
        producer: 'mir 1',
        opset: [{ domain: '', version: 17 }],
        featurizer: null,
        inputs: [
          {
            name: 'x',
            type: 'float32',
            shape: [
              { size: null, name: 'batch' },
              { size: 3, name: null },
            ],
          },
        ],
        outputs: [{ name: 'y', type: 'float32' }],
      },
    });
    const listed = await graphqlRequest<{ models: Array<Record<string, unknown>> }>(rt.api.yoga, MODELS, {
      authorization: await rt.bearer('auditor'),
      variables: { name: 'affine' },
    });
    expect(listed.data?.models).toEqual([
      expect.objectContaining({
        name: 'affine',
        version: '1',
        sha256: (payload.model as { sha256: string }).sha256,
      }),
    ]);
    const registered = await rt.log.readAll({ fromPosition: 0, filter: { types: ['ModelRegistered'] } });
    expect(registered.map((event) => event.position)).toContain(
      (payload.model as { position: number }).position,
    );
  });

  it('when the same name, version and file come again, then alreadyRegistered and nothing is recorded', async () => {
    await register({ variables: { name: 'again', version: '1' } });
    const head = await rt.log.headPosition();
    const again = await register({ variables: { name: 'again', version: '1' } });
    expect(again.data?.registerModel).toMatchObject({
      __typename: 'RegisterModelPayload',
      alreadyRegistered: true,
    });
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the same name and version come with another file, then ModelVersionConflictError', async () => {
    const first = await register({ variables: { name: 'conflict', version: '1' } });
    const sha256 = (first.data!.registerModel.model as { sha256: string }).sha256;
    const head = await rt.log.headPosition();
    const other = await register({ file: affineModel(1), variables: { name: 'conflict', version: '1' } });
    expect(other.data?.registerModel).toMatchObject({
      __typename: 'ModelVersionConflictError',
      code: 'MODEL_VERSION_CONFLICT',
      name: 'conflict',
      version: '1',
      registeredSha256: sha256,
    });
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the upload is not an ONNX model, then ModelInvalidError and nothing is recorded', async () => {
    const head = await rt.log.headPosition();
    const response = await register({
      file: new TextEncoder().encode('definitely not a protobuf model'),
      variables: { name: 'junk', version: '1' },
    });
    expect(response.data?.registerModel).toMatchObject({
      __typename: 'ModelInvalidError',
      code: 'MODEL_INVALID',
    });
    expect(String(response.data?.registerModel.reason)).toMatch(/ONNX/);
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the featurizer does not fit the model, then ModelInvalidError names the input', async () => {
    const response = await register({
      file: textScorerModel(64),
      variables: {
        name: 'misfit',
        version: '1',
        featurizer: { kind: 'hashed-tokens', version: 1, dimensions: 32, input: 'features' },
      },
    });
    expect(response.data?.registerModel).toMatchObject({ __typename: 'ModelInvalidError' });
    expect(String(response.data?.registerModel.reason)).toMatch(/features/);
  });

  it('when a file is over maxModelUploadBytes, then ModelInvalidError, read no further than the limit', async () => {
    const head = await rt.log.headPosition();
    const response = await register({
      file: new Uint8Array(UPLOAD_LIMIT + 1),
      variables: { name: 'big', version: '1' },
    });
    expect(response.data?.registerModel).toMatchObject({ __typename: 'ModelInvalidError' });
    expect(String(response.data?.registerModel.reason)).toContain(`larger than ${UPLOAD_LIMIT} bytes`);
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('a streamed multipart body (no Content-Length) past the upload allowance is cut off with 413', async () => {
    const response = await register({
      file: new Uint8Array(UPLOAD_LIMIT + 70 * 1024),
      variables: { name: 'bigger', version: '1' },
    });
    expect(response.status).toBe(413);
  });

  it('an ordinary JSON body keeps its own 64 KiB limit', async () => {
    const response = await rt.api.yoga.fetch('http://mir.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify({ query: '{ ledger { head } }', padding: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it('multipart bodies are refused before they are read: 401 without a valid key, 403 for other roles', async () => {
    const attempt = (authorization: string | null) =>
      register({ authorization, variables: { name: 'sneaky', version: '1' } });
    const anonymous = await attempt(null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    for (const role of ['app', 'auditor', 'reviewer'] as const) {
      const refused = await attempt(await rt.bearer(role));
      expect(refused.status).toBe(403);
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it('a multipart request without the CSRF header is refused with 403', async () => {
    const request = uploadRequest({
      query: REGISTER_MODEL,
      file: affineModel(),
      authorization: admin,
      variables: { name: 'csrf', version: '1' },
    });
    const headers = new Headers(request.headers);
    headers.delete('x-graphql-yoga-csrf');
    const response = await rt.api.yoga.fetch('http://mir.test/graphql', { ...request, headers });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it('a File cannot be sent in a JSON body', async () => {
    const response = await graphqlRequest(rt.api.yoga, REGISTER_MODEL, {
      authorization: admin,
      variables: { file: 'AAAA', name: 'json', version: '1' },
    });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/multipart/);
  });
});

describe('registerModel over real HTTP (node:http on 127.0.0.1)', () => {
  it('a multipart upload from an HTTP client registers the model', async () => {
    const response = await fetch(
      http.url,
      uploadRequest({
        query: REGISTER_MODEL,
        file: affineModel(2),
        authorization: admin,
        variables: { name: 'over-http', version: '1' },
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { registerModel: Payload } };
    expect(body.data.registerModel).toMatchObject({
      __typename: 'RegisterModelPayload',
      alreadyRegistered: false,
    });
  });

  it('an upload over the limit is answered 413 over HTTP and nothing is recorded', async () => {
    const head = await rt.log.headPosition();
    const response = await fetch(
      http.url,
      uploadRequest({
        query: REGISTER_MODEL,
        file: new Uint8Array(UPLOAD_LIMIT + 70 * 1024),
        authorization: admin,
        variables: { name: 'too-big', version: '1' },
      }),
    );
    expect(response.status).toBe(413);
    expect(await rt.log.headPosition()).toBe(head);
  });
});

describe('a server without inference', () => {
  it('answers models, registerModel and requestInference with INFERENCE_UNAVAILABLE', async () => {
    const bare = await openTestRuntime();
    try {
      const key = await bare.bearer('admin');
      const listed = await graphqlRequest(bare.api.yoga, '{ models { name } }', { authorization: key });
      expect(listed.errors?.map((error) => error.extensions?.code)).toEqual(['INFERENCE_UNAVAILABLE']);
      const inferred = await graphqlRequest(
        bare.api.yoga,
        `mutation { requestInference(runId: "00000000-0000-7000-8000-000000000000", model: "m", texts: ["hi"]) {
          __typename } }`,
        { authorization: key },
      );
      expect(inferred.errors?.map((error) => error.extensions?.code)).toEqual(['INFERENCE_UNAVAILABLE']);
      const uploaded = await uploadThroughYoga(bare.api.yoga, {
        query: REGISTER_MODEL,
        file: affineModel(),
        authorization: key,
        variables: { name: 'nowhere', version: '1' },
      });
      expect(uploaded.errors?.map((error) => error.extensions?.code)).toEqual(['INFERENCE_UNAVAILABLE']);
    } finally {
      await bare.close();
    }
  });
});

describe('models belong to the tenant that registers them', () => {
  const X = { name: 'x', type: 'float32', dims: [1, 3], data: [1, 2, 3] };
  const models = async (authorization: string, name?: string) =>
    (
      await graphqlRequest<{ models: Array<{ name: string; version: string; shipped: boolean }> }>(
        rt.api.yoga,
        `query($name: String) { models(name: $name) { name version shipped } }`,
        { authorization, variables: name === undefined ? {} : { name } },
      )
    ).data!.models;

  it("given acme's model, then globex neither lists nor runs it (answered like an unknown model), and registers the same name as its own", async () => {
    expect(
      (await register({ variables: { name: 'churn', version: '1' } })).data?.registerModel,
    ).toMatchObject({
      __typename: 'RegisterModelPayload',
    });
    const [globexAdmin, globexApp, acmeApp] = await Promise.all([
      rt.bearer('admin', 'globex'),
      rt.bearer('app', 'globex'),
      rt.bearer('app'),
    ]);
    expect(await models(globexApp, 'churn')).toEqual([]);
    expect((await models(globexApp)).map((model) => model.name)).not.toContain('affine');

    const runId = (await startRun(rt.api.yoga, globexApp)).run.id;
    const theirs = await requestInference(rt.api.yoga, globexApp, { runId, model: 'churn', inputs: [X] });
    const unknown = await requestInference(rt.api.yoga, globexApp, { runId, model: 'never', inputs: [X] });
    expect(theirs).toEqual({
      ...unknown,
      model: 'churn',
      message: (unknown.message as string).replace('never', 'churn'),
    });
    expect(theirs).toMatchObject({ __typename: 'ModelNotFoundError', code: 'MODEL_NOT_FOUND' });
    const pinned = await requestInference(rt.api.yoga, globexApp, {
      runId,
      model: 'churn',
      version: '1',
      inputs: [X],
    });
    expect(pinned).toMatchObject({ __typename: 'ModelNotFoundError', model: 'churn', version: '1' });

    const own = await register({
      file: affineModel(5),
      authorization: globexAdmin,
      variables: { name: 'churn', version: '1' },
    });
    expect(own.data?.registerModel).toMatchObject({
      __typename: 'RegisterModelPayload',
      alreadyRegistered: false,
    });
    const globexRun = (await startRun(rt.api.yoga, globexApp)).run.id;
    const acmeRun = (await startRun(rt.api.yoga, acmeApp)).run.id;
    const [globexResult, acmeResult] = await Promise.all([
      requestInference(rt.api.yoga, globexApp, { runId: globexRun, model: 'churn', inputs: [X] }),
      requestInference(rt.api.yoga, acmeApp, { runId: acmeRun, model: 'churn', inputs: [X] }),
    ]);
    const sha = (payload: typeof globexResult) => payload.inference?.model.sha256;
    expect(sha(globexResult)).toBe((own.data!.registerModel.model as { sha256: string }).sha256);
    expect(sha(acmeResult)).not.toBe(sha(globexResult));
    expect((await rt.log.readStream('model-globex:churn')).map((event) => event.type)).toEqual([
      'ModelRegistered',
    ]);
  });

  it("given a model shipped with MIR, then every tenant sees it, and a tenant's admin registering its name gets ModelNameReservedError with nothing recorded", async () => {
    const system = { actor: { kind: 'system', id: 'mir' }, tenant: SYSTEM_TENANT } as const;
    await rt.inference!.registerModel(
      { bytes: affineModel(7), name: 'shipped-affine', version: '1' },
      system,
    );
    expect(await models(await rt.bearer('auditor', 'globex'), 'shipped-affine')).toEqual([
      { name: 'shipped-affine', version: '1', shipped: true },
    ]);
    const head = await rt.log.headPosition();
    const reserved = await register({ variables: { name: 'shipped-affine', version: '2' } });
    expect(reserved.data?.registerModel).toEqual({
      __typename: 'ModelNameReservedError',
      code: 'MODEL_NAME_RESERVED',
      message: expect.stringContaining('shipped-affine') as unknown,
      name: 'shipped-affine',
    });
    expect(await rt.log.headPosition()).toBe(head);
  });
});
