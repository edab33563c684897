import type { FeaturizerSpec, ModelReference, RegisteredModel } from '../../domain/index.js';
import { builder } from '../builder.js';
import { TensorSpecType } from './tensorTypes.js';

const OperatorSetType = builder.objectRef<RegisteredModel['opset'][number]>('OperatorSet').implement({
  description: "An operator set the model imports; the default ONNX domain is `''`.",
  fields: (t) => ({ domain: t.exposeString('domain'), version: t.exposeInt('version') }),
});

const FeaturizerType = builder.objectRef<FeaturizerSpec>('Featurizer').implement({
  description: "How text becomes the model's input tensor (`[batch, dimensions]` float32 fed to `input`).",
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'e.g. `hashed-tokens`.' }),
    version: t.exposeInt('version'),
    dimensions: t.exposeInt('dimensions'),
    input: t.exposeString('input'),
  }),
});

export const FeaturizerInput = builder.inputType('FeaturizerInput', {
  description: 'Declares that the model takes text: featurized as `kind` v`version` into its input `input`.',
  fields: (t) => ({
    kind: t.string({ required: true }),
    version: t.int({ required: true }),
    dimensions: t.int({ required: true }),
    input: t.string({ required: true }),
  }),
});

export const ModelType = builder.objectRef<RegisteredModel>('Model').implement({
  description:
    "A registered model: one name and version, pinned to the SHA-256 of its file; shipped with MIR (every tenant's) " +
    "or your tenant's own (no other tenant sees it).",
  fields: (t) => ({
    name: t.exposeString('name'),
    shipped: t.boolean({
      description: "True for a model shipped with MIR, which every tenant sees; false for your tenant's own.",
      resolve: (model) => model.tenant === null,
    }),
    version: t.exposeString('version'),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the model file, lowercase hex.' }),
    size: t.exposeInt('size', { description: 'File size in bytes.' }),
    description: t.exposeString('description'),
    inputs: t.field({ type: [TensorSpecType], resolve: (model) => model.inputs }),
    outputs: t.field({ type: [TensorSpecType], resolve: (model) => model.outputs }),
    opset: t.field({ type: [OperatorSetType], resolve: (model) => model.opset }),
    irVersion: t.exposeInt('irVersion'),
    producer: t.exposeString('producer'),
    featurizer: t.field({
      type: FeaturizerType,
      nullable: true,
      description: 'Null when the model takes tensors only.',
      resolve: (model) => model.featurizer,
    }),
    registeredAt: t.exposeString('registeredAt'),
    position: t.expose('position', {
      type: 'Position',
      description: 'Position of its `ModelRegistered` event.',
    }),
  }),
});

export const ModelReferenceType = builder.objectRef<ModelReference>('ModelReference').implement({
  description: 'The exact model that ran: its SHA-256 names the file in the content-addressed store.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    sha256: t.exposeString('sha256'),
  }),
});
