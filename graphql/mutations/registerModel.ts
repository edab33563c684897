import { MAX_MODEL_BYTES } from '../../inference/index.js';
import { builder } from '../builder.js';
import type { GraphqlContext } from '../context.js';
import { inferenceRuntimeOf } from '../errors/inferenceUnavailable.js';
import { ModelInvalidError } from '../errors/inferenceApiErrors.js';
import { toApiError } from '../errors/toApiError.js';
import { DEFAULT_MAX_MODEL_UPLOAD_BYTES } from '../graphqlDeps.js';
import { FileScalar } from '../types/fileScalar.js';
import { REGISTER_MODEL_ERRORS } from '../types/inferenceErrorTypes.js';
import { FeaturizerInput } from '../types/model.js';
import { RegisterModelPayloadType } from '../types/registerModelPayload.js';
import { readUpload, UploadTooLargeError } from '../uploads/readUpload.js';
import type { UploadedFile } from '../uploads/uploadedFile.js';
import { commandOrigin } from './executeRunCommand.js';

builder.mutationField('registerModel', (t) =>
  t.field({
    type: RegisterModelPayloadType,
    authScopes: { can: 'modelAdmin' },
    errors: { types: REGISTER_MODEL_ERRORS, directResult: true },
    description:
      'Registers an ONNX model file under a name and version (a multipart request: the file is a `File` part) as ' +
      "your tenant's own (only your tenant sees and runs it; another tenant may register the same name " +
      "independently; a shipped model's name is a ModelNameReservedError) and warms it on the engine. " +
      'Idempotent by content: the same name, version and file again answers ' +
      '`alreadyRegistered: true` and records nothing; the same name and version with another file is a ' +
      'ModelVersionConflictError. A file that is not a loadable ONNX model is refused (ModelInvalidError) before ' +
      'anything is stored or recorded.',
    args: {
      file: t.arg({ type: FileScalar, required: true }),
      name: t.arg.string({
        required: true,
        description: '1–64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.',
      }),
      version: t.arg.string({ required: true, description: '1–64 letters, digits, ".", "_", "+" or "-".' }),
      description: t.arg.string({ description: 'Up to 1024 characters.' }),
      featurizer: t.arg({
        type: FeaturizerInput,
        description: 'When the model takes text: how texts become its input.',
      }),
    },
    resolve: async (_root, args, context) => {
      const runtime = inferenceRuntimeOf(context);
      const bytes = await readModelFile(args.file, modelFileLimit(context));
      const registration = {
        bytes,
        name: args.name,
        version: args.version,
        ...(args.description == null ? {} : { description: args.description }),
        featurizer: args.featurizer ?? null,
      };
      try {
        return await runtime.registerModel(registration, commandOrigin(context, null));
      } catch (error) {
        throw toApiError(error);
      }
    },
  }),
);

/** The configured upload limit, never above what the registry accepts. */
function modelFileLimit(context: GraphqlContext): number {
  return Math.min(context.deps.config.maxModelUploadBytes ?? DEFAULT_MAX_MODEL_UPLOAD_BYTES, MAX_MODEL_BYTES);
}

async function readModelFile(file: UploadedFile, limit: number): Promise<Uint8Array> {
  try {
    return await readUpload(file, limit);
  } catch (error) {
    if (error instanceof UploadTooLargeError)
      throw new ModelInvalidError(
        `invalid model registration: the model file is larger than ${limit} bytes`,
        `the model file is larger than ${limit} bytes`,
      );
    throw error;
  }
}
