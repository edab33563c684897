/** `npm run schema`: rewrites `docs/schema.graphql` from the schema the server builds. */
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, schemaFileText } from './schemaFile.js';

writeFileSync(SCHEMA_FILE, schemaFileText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
