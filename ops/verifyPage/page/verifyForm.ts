/// <reference lib="dom" />
import { verifierKeyLines } from '../../../ledger/portable/verifierKeyLines.js';

/** What the auditor gave the page, read from its form. */
export interface VerifyInput {
  readonly bundle: Uint8Array;
  /** Pinned checkpoint verifier keys: the text field's lines, then the key file's. */
  readonly pinnedKeys: readonly string[];
  /** The signed checkpoint note the auditor already trusts, if any. */
  readonly trustedCheckpoint: string | undefined;
  /** Pinned witness cosignature keys. */
  readonly witnessKeys: readonly string[];
  /** How many of them must have cosigned; undefined: every one. */
  readonly minWitnesses: number | undefined;
}

/** Input the page cannot verify with: which field, and why. */
export interface FormProblem {
  readonly field: string;
  readonly problem: string;
}

/**
 * Reads the form: the bundle's bytes, the pinned keys (text field and key file, as `mir verify` reads
 * `--public-key` and `--public-key-file`), the optional trusted checkpoint, witness keys and minimum witnesses.
 * A missing bundle or key, or a minimum that is no whole number ≥ 0, is a FormProblem naming the field.
 */
export async function readVerifyForm(form: HTMLFormElement): Promise<VerifyInput | FormProblem> {
  const bundleFile = chosenFile(form, 'bundle');
  if (bundleFile === undefined) return { field: 'bundle-file', problem: 'choose an evidence bundle file' };
  const keyFile = chosenFile(form, 'publicKeyFile');
  const pinnedKeys = [
    ...verifierKeyLines(textOf(form, 'publicKey')),
    ...verifierKeyLines((await keyFile?.text()) ?? ''),
  ];
  if (pinnedKeys.length === 0)
    return {
      field: 'public-key-text',
      problem: 'pin a checkpoint public key (paste it, or choose a key file)',
    };
  const minimum = textOf(form, 'minWitnesses').trim();
  const minWitnesses = minimum === '' ? undefined : Number(minimum);
  if (minWitnesses !== undefined && !(Number.isSafeInteger(minWitnesses) && minWitnesses >= 0))
    return {
      field: 'min-witnesses',
      problem: `minimum witnesses must be a whole number ≥ 0, not "${minimum}"`,
    };
  return {
    bundle: new Uint8Array(await bundleFile.arrayBuffer()),
    pinnedKeys,
    trustedCheckpoint: await chosenFile(form, 'trustedCheckpoint')?.text(),
    witnessKeys: verifierKeyLines(textOf(form, 'witnessKeys')),
    minWitnesses,
  };
}

export function isFormProblem(read: VerifyInput | FormProblem): read is FormProblem {
  return 'problem' in read;
}

function chosenFile(form: HTMLFormElement, name: string): File | undefined {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement ? (input.files?.[0] ?? undefined) : undefined;
}

function textOf(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement ? input.value : '';
}
