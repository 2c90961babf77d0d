// After `tsc`, lets the compiled code import the workspace libraries by their aliases (@sme/<lib>), as the
// TypeScript paths in tsconfig.base.json do: dist/node_modules/@sme/<lib> points at dist/libs/<lib>/src.
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
for (const lib of readdirSync(join(dist, 'libs'))) {
  if (!existsSync(join(dist, 'libs', lib, 'src', 'index.js'))) continue;
  const dir = join(dist, 'node_modules', '@sme', lib);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@sme/${lib}`, main: `../../../libs/${lib}/src/index.js` }) + '\n');
  // Subpaths (`@sme/contracts/recipients`): light entry points that do not load the whole library.
  for (const file of readdirSync(join(dist, 'libs', lib, 'src')).filter((f) => f.endsWith('.js') && f !== 'index.js')) {
    writeFileSync(join(dir, file), `module.exports = require('../../../libs/${lib}/src/${file}');\n`);
  }
}
