import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import type { ModelSignature, TensorElementType, TensorSpec } from '../../domain/index.js';
import { InferenceError } from '../../domain/index.js';

const { onnx } = onnxProto;

/** ONNX TensorProto.DataType codes MIR can carry as JSON tensors. float16/bfloat16/complex are refused. */
const ELEMENT_TYPES: Readonly<Record<number, TensorElementType>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
};

/**
 * Reads what a model file declares (inputs, outputs, element types, shapes, operator sets) and proves ONNX
 * Runtime can load it. Anything else — bytes that are not an ONNX model, a graph without inputs or outputs,
 * tensor types MIR cannot carry, a model ONNX Runtime refuses — is `MODEL_INVALID` with the reason.
 */
export async function inspectOnnxModel(bytes: Uint8Array): Promise<ModelSignature> {
  const signature = readSignature(bytes);
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  } catch (error) {
    throw invalid(`ONNX Runtime cannot load the model: ${firstLine(error)}`);
  }
  try {
    const sessionInputs = [...session.inputNames].sort();
    const declared = signature.inputs.map((input) => input.name).sort();
    if (JSON.stringify(sessionInputs) !== JSON.stringify(declared))
      throw invalid(`the graph's inputs (${declared.join(', ')}) differ from what ONNX Runtime sees`);
  } finally {
    await session.release();
  }
  return signature;
}

function readSignature(bytes: Uint8Array): ModelSignature {
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw invalid(`not an ONNX model (${firstLine(error)})`);
  }
  const graph = model.graph;
  const irVersion = Number(model.irVersion);
  if (graph === null || graph === undefined || !(irVersion > 0) || model.opsetImport.length === 0)
    throw invalid('not an ONNX model: no graph, IR version or operator set');
  // Older exporters list initializers among the inputs; they are weights, not what a caller feeds.
  const weights = new Set((graph.initializer ?? []).map((initializer) => initializer.name ?? ''));
  const inputs = (graph.input ?? []).filter((value) => !weights.has(value.name ?? '')).map(tensorSpec);
  const outputs = (graph.output ?? []).map(tensorSpec);
  if (inputs.length === 0 || outputs.length === 0)
    throw invalid('the graph declares no inputs or no outputs');
  return {
    inputs,
    outputs,
    opset: model.opsetImport.map((entry) => ({ domain: entry.domain ?? '', version: Number(entry.version) })),
    irVersion,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
  };
}

function tensorSpec(value: onnxProto.onnx.IValueInfoProto): TensorSpec {
  const name = value.name ?? '';
  const tensorType = value.type?.tensorType;
  if (name === '' || tensorType === null || tensorType === undefined)
    throw invalid(`value ${JSON.stringify(name)} is not a tensor (sequences and maps are not supported)`);
  const type = ELEMENT_TYPES[tensorType.elemType ?? 0];
  if (type === undefined)
    throw invalid(`value ${name} has element type ${tensorType.elemType} which MIR cannot carry as JSON`);
  const shape = tensorType.shape
    ? (tensorType.shape.dim ?? []).map((dimension) => {
        // `value` names the member of the proto's oneof actually set: unset dims decode as 0 otherwise.
        const set = (dimension as { value?: string }).value;
        if (set === 'dimParam') return dimension.dimParam ?? null;
        return set === 'dimValue' ? Number(dimension.dimValue) : null;
      })
    : null;
  return { name, type, shape };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // ONNX Runtime messages carry colour codes and source paths: keep the first meaningful line.
  const escape = String.fromCharCode(27);
  return (message.split('\n')[0] ?? '').replaceAll(new RegExp(`${escape}\\[[0-9;]*m`, 'g'), '').slice(0, 300);
}

function invalid(reason: string): InferenceError {
  return new InferenceError('MODEL_INVALID', `invalid model: ${reason}`, { reason });
}
