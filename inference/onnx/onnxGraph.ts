import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX TensorProto.DataType codes for the element types MIR builds models with. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export type GraphDimension = number | string;

export interface GraphValue {
  readonly name: string;
  readonly elementType: number;
  readonly shape: readonly GraphDimension[];
}

export interface GraphInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  /** Float32 weights, or int64 values (as a BigInt64Array) for shape-like constants. */
  readonly values: Float32Array | BigInt64Array;
}

export interface GraphNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  /** Integer, float, integer-list or string attributes. */
  readonly attributes?: Readonly<
    Record<string, number | readonly number[] | string | { readonly float: number }>
  >;
}

export interface GraphDefinition {
  readonly name: string;
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly GraphInitializer[];
  readonly opsetVersion?: number;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export const DEFAULT_OPSET = 17;
const IR_VERSION = 8;

/**
 * Serialises a graph to ONNX model bytes. Deterministic: the same definition always gives the same bytes (no
 * timestamps, producer version fixed), which is what lets `npm run models` reproduce the shipped files exactly.
 */
export function buildOnnxModel(definition: GraphDefinition): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'mir',
    producerVersion: '1',
    docString: definition.docString ?? '',
    opsetImport: [{ domain: '', version: definition.opsetVersion ?? DEFAULT_OPSET }],
    metadataProps: Object.entries(definition.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: definition.name,
      input: definition.inputs.map(valueInfo),
      output: definition.outputs.map(valueInfo),
      node: definition.nodes.map((node, index) => ({
        name: node.name ?? `${node.opType.toLowerCase()}_${index}`,
        opType: node.opType,
        input: [...node.inputs],
        output: [...node.outputs],
        attribute: Object.entries(node.attributes ?? {}).map(([name, value]) => attribute(name, value)),
      })),
      initializer: definition.initializers.map((initializer) => ({
        name: initializer.name,
        dims: [...initializer.dims],
        dataType: initializer.values instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64,
        rawData: littleEndianBytes(initializer.values),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function valueInfo(value: GraphValue) {
  return {
    name: value.name,
    type: {
      tensorType: {
        elemType: value.elementType,
        shape: {
          dim: value.shape.map((dimension) =>
            typeof dimension === 'string' ? { dimParam: dimension } : { dimValue: dimension },
          ),
        },
      },
    },
  };
}

function attribute(name: string, value: number | readonly number[] | string | { readonly float: number }) {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string')
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value] };
}

/** Raw tensor bytes are little-endian by the ONNX spec, whatever the host's byte order. */
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  values.forEach((value: number | bigint, index: number) => {
    if (typeof value === 'bigint') view.setBigInt64(index * 8, value, true);
    else view.setFloat32(index * 4, value, true);
  });
  return bytes;
}
