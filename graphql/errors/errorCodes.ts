import {
  ACCESS_ERROR_CODES,
  APPROVAL_ERROR_CODES,
  COMMAND_ERROR_CODES,
  INFERENCE_ERROR_CODES,
  LEDGER_ERROR_CODES,
  MCP_ERROR_CODES,
  MEMORY_ERROR_CODES,
  POLICY_ERROR_CODES,
  ROLLBACK_ERROR_CODES,
  RUN_ERROR_CODES,
  TENANT_ERROR_CODES,
  TOOL_ERROR_CODES,
} from '../../domain/index.js';
import {
  BUNDLE_ERROR_CODES,
  CHECKPOINT_ERROR_CODES,
  KEY_ERROR_CODES,
  MERKLE_ARGUMENT_ERROR_CODES,
  MERKLE_DATA_ERROR_CODES,
  MERKLE_PROOF_ERROR_CODES,
  NOTE_ERROR_CODES,
  WITNESS_ERROR_CODES,
} from '../../ledger/index.js';
import { PROJECTION_ERROR_CODES } from '../../projections/index.js';

/**
 * Every `MirError` code in the code base, by the module that raises it: each module declares its codes as a list,
 * and this registry names every list. The API's error table (`apiErrorTable.ts`) must map each code; a test checks
 * that the codes thrown anywhere in the sources are all listed here.
 */
export const MIR_ERROR_CODES = {
  commands: COMMAND_ERROR_CODES,
  ledger: LEDGER_ERROR_CODES,
  runs: RUN_ERROR_CODES,
  access: ACCESS_ERROR_CODES,
  inference: INFERENCE_ERROR_CODES,
  approvals: APPROVAL_ERROR_CODES,
  tenants: TENANT_ERROR_CODES,
  tools: TOOL_ERROR_CODES,
  memory: MEMORY_ERROR_CODES,
  policies: POLICY_ERROR_CODES,
  rollback: ROLLBACK_ERROR_CODES,
  mcp: MCP_ERROR_CODES,
  merkleArguments: MERKLE_ARGUMENT_ERROR_CODES,
  merkleProofs: MERKLE_PROOF_ERROR_CODES,
  merkleData: MERKLE_DATA_ERROR_CODES,
  notes: NOTE_ERROR_CODES,
  checkpoints: CHECKPOINT_ERROR_CODES,
  keys: KEY_ERROR_CODES,
  witness: WITNESS_ERROR_CODES,
  projections: PROJECTION_ERROR_CODES,
  bundles: BUNDLE_ERROR_CODES,
  /**
   * Raised by `ops/` while a server or a CLI command starts (`graphql/` cannot import `ops/`, which composes it):
   * server lock, configuration, data directory, CLI ledger opening, a CLI output file that exists, a node joining
   * a shared ledger without its signing key, a command the chosen store cannot serve.
   */
  startup: [
    'DATA_DIR_IN_USE',
    'CONFIG_INVALID',
    'DATA_DIR_NOT_FOUND',
    'DATA_DIR_NOT_A_DIRECTORY',
    'LEDGER_NOT_FOUND',
    'LEDGER_NOT_INITIALISED',
    'FILE_EXISTS',
    'SIGNING_KEY_NOT_COPIED',
    'STORE_NOT_SUPPORTED',
  ] as const,
} as const;

export type MirErrorCode = (typeof MIR_ERROR_CODES)[keyof typeof MIR_ERROR_CODES][number];
