import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

// The committed src/api/generated must be what codegen.ts makes of the gateway's SDL and of
// src/api/documents.ts today: generated again, in memory, and compared with the files on disk.
const consoleDir = path.resolve(__dirname, '../..');
const generatedDir = path.join(consoleDir, 'src/api/generated');

async function generateInMemory(): Promise<Map<string, string>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(consoleDir, 'test/generate-in-memory.mjs')],
    {
      cwd: consoleDir,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const files = JSON.parse(stdout) as { filename: string; content: string }[];
  return new Map(files.map((file) => [path.resolve(consoleDir, file.filename), file.content]));
}

describe('the generated GraphQL types and documents', () => {
  it('are what npm run codegen makes of the gateway SDL and the documents today', async () => {
    const expected = await generateInMemory();
    const stale: string[] = [];
    for (const [file, content] of expected) {
      const committed = await readFile(file, 'utf8').catch(() => undefined);
      if (committed !== content) stale.push(path.relative(consoleDir, file));
    }
    for (const name of await readdir(generatedDir)) {
      const file = path.join(generatedDir, name);
      if (!expected.has(file)) stale.push(`${path.relative(consoleDir, file)} (no longer generated)`);
    }
    if (stale.length > 0) throw new Error(`Stale: ${stale.join(', ')}. Run npm run codegen and commit the result.`);
    expect([...expected.keys()].map((file) => path.relative(generatedDir, file)).sort()).toEqual([
      'gql.ts',
      'graphql.ts',
      'index.ts',
    ]);
  });
});
