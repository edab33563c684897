import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ledgerTarget, STORE_OPTION } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';
import type { FeaturizerSpec, RegisteredModel } from '../../../domain/index.js';
import { InferenceError, SYSTEM_TENANT, TENANT_NAME, TenantControlService } from '../../../domain/index.js';
import {
  ContentAddressedModelStore,
  ModelRegistry,
  MAX_MODEL_BYTES,
  textFeaturizer,
} from '../../../inference/index.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { readInputFile, statInputFile } from '../inputFile.js';
import { openLedgerLog } from '../openLedgerLog.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;

interface AddFlags {
  tenant: string;
  name: string;
  version: string;
  description?: string;
  featurizer?: string;
  data?: string;
  json?: boolean;
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('the model registry: which ONNX files MIR may run');
  models
    .command('add <file>')
    .description(
      "register an ONNX model file as a tenant's own: stored by its SHA-256, recorded as ModelRegistered",
    )
    .requiredOption(
      '--tenant <tenant>',
      'the tenant whose model it becomes: only that tenant sees and runs it',
    )
    .requiredOption('--name <name>', 'model name (lowercase letters, digits, ".", "_", "-")')
    .requiredOption('--version <version>', 'model version')
    .option('--description <text>', 'what the model is for')
    .option(
      '--featurizer <json>',
      'text featurizer, e.g. \'{"kind":"hashed-tokens","version":1,"dimensions":1024,"input":"features"}\'',
    )
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (file: string, flags: AddFlags) => {
      const tenant = checkTenant(flags.tenant);
      const bytes = readModelFile(file);
      const { model, alreadyRegistered } = await withRegistry(flags, (registry) =>
        registry
          .register(
            {
              bytes,
              name: flags.name,
              version: flags.version,
              ...(flags.description === undefined ? {} : { description: flags.description }),
              featurizer: parseFeaturizer(flags.featurizer),
            },
            { actor: CLI_ACTOR, tenant },
          )
          .catch((error: unknown) => {
            throw namingTheRegistration(error, file, flags);
          }),
      );
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ ...model, alreadyRegistered })}\n`);
      else
        process.stdout.write(
          `${alreadyRegistered ? 'already registered' : 'registered'} ${model.name} ${model.version} for tenant ${tenant} sha256:${model.sha256} (${model.size} bytes)\n` +
            describeSignature(model),
        );
    });
  models
    .command('list')
    .description("list registered models: every tenant's, or what one tenant sees")
    .option('--tenant <tenant>', 'only the models this tenant sees: its own and the shipped ones')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (flags: LedgerTargetFlags & { tenant?: string; json?: boolean }) => {
      const tenant = flags.tenant === undefined ? undefined : checkTenant(flags.tenant);
      const list = await withRegistry(
        flags,
        (registry) => (tenant === undefined ? registry.all() : registry.list(tenant)),
        { readOnly: true },
      );
      if (flags.json === true) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else if (list.length === 0) process.stdout.write('no models registered\n');
      else
        for (const model of list)
          process.stdout.write(
            `${model.name} ${model.version} ${model.tenant === null ? 'shipped' : `tenant ${model.tenant}`} sha256:${model.sha256} ${model.size} bytes\n`,
          );
    });
}

/** A tenant the CLI may register for: a valid name, and never the system tenant (shipped models only). */
function checkTenant(tenant: string): string {
  if (!TENANT_NAME.test(tenant))
    throw new Error(
      `--tenant must be 1-64 letters, digits, dots, dashes or underscores, not ${JSON.stringify(tenant)}`,
    );
  if (tenant === SYSTEM_TENANT)
    throw new Error(
      `--tenant ${SYSTEM_TENANT} is MIR's own: only the models shipped with MIR are registered for it`,
    );
  return tenant;
}

function readModelFile(file: string): Uint8Array {
  const size = statInputFile(file, 'model file').size;
  if (size > MAX_MODEL_BYTES)
    throw new InferenceError('MODEL_INVALID', `${file} is larger than ${MAX_MODEL_BYTES} bytes`, { size });
  return readInputFile(file, 'model file');
}

/** A registry refusal with the file, name and version it was about: the registry's own message names neither. */
function namingTheRegistration(error: unknown, file: string, flags: AddFlags): unknown {
  if (!(error instanceof InferenceError)) return error;
  return new InferenceError(
    error.code,
    `cannot register ${resolve(file)} as ${flags.name} ${flags.version}: ${error.message}`,
    error.details,
  );
}

function parseFeaturizer(text: string | undefined): FeaturizerSpec | null {
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InferenceError(
      'MODEL_INVALID',
      '--featurizer must be JSON: {kind, version, dimensions, input}',
    );
  }
  const spec = parsed as Partial<FeaturizerSpec> | null;
  if (
    typeof spec?.kind !== 'string' ||
    !Number.isSafeInteger(spec.version) ||
    !Number.isSafeInteger(spec.dimensions) ||
    typeof spec.input !== 'string'
  )
    throw new InferenceError(
      'MODEL_INVALID',
      '--featurizer needs kind (string), version, dimensions (integers), input',
    );
  return { kind: spec.kind, version: spec.version!, dimensions: spec.dimensions!, input: spec.input };
}

function describeSignature(model: RegisteredModel): string {
  const tensor = (spec: RegisteredModel['inputs'][number]) =>
    `  ${spec.name}: ${spec.type}[${(spec.shape ?? ['…']).map((d) => d ?? '?').join(', ')}]`;
  return ['inputs:', ...model.inputs.map(tensor), 'outputs:', ...model.outputs.map(tensor), ''].join('\n');
}

/**
 * Opens the ledger and the model store. Safe beside a running server: the file is written to its content address
 * (same bytes, same name) before ModelRegistered is appended, SQLite serialises writers, and the append checks
 * the model stream's revision.
 */
async function withRegistry<T>(
  flags: LedgerTargetFlags,
  work: (registry: ModelRegistry) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const target = ledgerTarget(flags);
  const { dir } = target;
  const log = await openLedgerLog(target, { readOnly: options.readOnly === true, requireGenesis: true });
  try {
    const registry = new ModelRegistry({
      log,
      store: new ContentAddressedModelStore(dir.modelsDir),
      clock: systemClock,
      ids: uuidV7Ids,
      featurizer: textFeaturizer,
      // A halted tenant registers nothing, from the CLI either (the refusal is recorded).
      killSwitch: new TenantControlService(log, systemClock, uuidV7Ids),
    });
    return await work(registry);
  } finally {
    await log.close();
  }
}
