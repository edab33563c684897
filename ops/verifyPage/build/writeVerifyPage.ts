/** `npm run build:verify` (also part of `npm run build`): writes the offline verifier page to dist/verify/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { mirPackageRoot } from '../../cli/packageVersion.js';
import { verifyPageFile } from '../verifyPageFile.js';
import { buildVerifyPage } from './buildVerifyPage.js';

const root = mirPackageRoot();
const file = verifyPageFile(root);
const page = await buildVerifyPage(root);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, page);
process.stdout.write(`wrote ${relative(root, file)} (${Buffer.byteLength(page)} bytes)\n`);
