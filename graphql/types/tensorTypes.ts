import { TENSOR_ELEMENT_TYPES } from '../../domain/index.js';
import type { DeclaredDimension, NamedTensor, TensorSpec } from '../../domain/index.js';
import { builder } from '../builder.js';
import { JsonScalar } from './jsonScalar.js';

export const TensorElementTypeEnum = builder.enumType('TensorElementType', {
  description: "ONNX Runtime's element type names.",
  values: TENSOR_ELEMENT_TYPES,
});

interface DimensionView {
  readonly size: number | null;
  readonly name: string | null;
}

const DimensionType = builder.objectRef<DimensionView>('Dimension').implement({
  description:
    'One dimension of a declared shape: a fixed `size`, a symbolic `name` (e.g. `batch`: any size), or neither (unknown).',
  fields: (t) => ({
    size: t.exposeInt('size', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
  }),
});

function dimensionView(dimension: DeclaredDimension): DimensionView {
  return {
    size: typeof dimension === 'number' ? dimension : null,
    name: typeof dimension === 'string' ? dimension : null,
  };
}

export const TensorSpecType = builder.objectRef<TensorSpec>('TensorSpec').implement({
  description: 'A model input or output as the model file declares it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: TensorElementTypeEnum, resolve: (spec) => spec.type }),
    shape: t.field({
      type: [DimensionType],
      nullable: true,
      description: 'Null when the model declares no shape at all (any rank).',
      resolve: (spec) => spec.shape?.map(dimensionView) ?? null,
    }),
  }),
});

export const TensorType = builder.objectRef<NamedTensor>('Tensor').implement({
  description: 'A named tensor: `data` is flat and row-major, `dims` its shape.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: TensorElementTypeEnum, resolve: (tensor) => tensor.type }),
    dims: t.intList({ resolve: (tensor) => [...tensor.dims] }),
    data: t.field({
      type: JsonScalar,
      description: 'Numbers (int64/uint64 as safe integers), booleans for `bool`, strings for `string`.',
      resolve: (tensor) => [...tensor.data],
    }),
  }),
});

export const TensorInput = builder.inputType('TensorInput', {
  description:
    'An input tensor: `data` is a flat, row-major JSON array whose length is the product of `dims`.',
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.field({ type: TensorElementTypeEnum, required: true }),
    dims: t.intList({ required: true }),
    data: t.field({
      type: JsonScalar,
      required: true,
      description: 'Numbers (int64/uint64 as safe integers), booleans for `bool`, strings for `string`.',
    }),
  }),
});
