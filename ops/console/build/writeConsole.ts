import { mirPackageRoot } from '../../cli/packageVersion.js';
import { consoleDir } from '../consoleFiles.js';
import { buildConsole } from './buildConsole.js';

/** `npm run build:console`: builds the console into the package's `dist/console/`, served at /console. */
const outDir = consoleDir(mirPackageRoot());
await buildConsole(outDir);
console.log(`console written to ${outDir}`);
