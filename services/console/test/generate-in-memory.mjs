// Prints, as JSON, the files codegen.ts would generate, without writing them: graphql-codegen's
// programmatic API (the CLI's own config loading), for src/api/generated.spec.ts. A process of
// its own because jest's module loader cannot load the CLI's ECMAScript-module dependencies.
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import path from 'node:path';

const consoleDir = path.resolve(import.meta.dirname, '..');
const { config } = await loadCodegenConfig({ configFilePath: path.join(consoleDir, 'codegen.ts') });
const files = await generate({ ...config, cwd: consoleDir }, false);
process.stdout.write(JSON.stringify(files.map(({ filename, content }) => ({ filename, content }))));
