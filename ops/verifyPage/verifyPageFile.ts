import { join } from 'node:path';
import { mirPackageRoot } from '../cli/packageVersion.js';

/** Where `npm run build` (and `npm run build:verify`) writes the verifier page, relative to MIR's package folder. */
export const VERIFY_PAGE_PATH = join('dist', 'verify', 'verify.html');

/** The built verifier page of the MIR package this code belongs to (it may not exist: nothing was built). */
export function verifyPageFile(root: string = mirPackageRoot()): string {
  return join(root, VERIFY_PAGE_PATH);
}
