// Writes libs/policy/src/calendar-data/lunar-festivals.json: each year's 春节, 端午, 中秋 and 清明 (2000-2099) as the
// pinned `chinese-days` computes them (libs/policy/src/lunar-source.ts), which statutory-holidays.ts reads at run time.
// After `npm run build`: node libs/policy/scripts/lunar-festivals.mjs. lunar-source.spec.ts holds the file to the
// package in three time zones, so a package upgrade that moves a day fails there until this is run and reviewed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const { lunarRow } = require(path.join(root, 'dist/libs/policy/src/lunar-source.js'));
const { LAST_LUNAR_YEAR } = require(path.join(root, 'dist/libs/policy/src/statutory-holidays.js'));
const file = path.join(root, 'libs/policy/src/calendar-data/lunar-festivals.json');
const pkg = require('chinese-days/package.json');

const kept = JSON.parse(readFileSync(file, 'utf8'));
const years = Array.from({ length: LAST_LUNAR_YEAR - 2000 + 1 }, (_, i) => 2000 + i);
const head = JSON.stringify({ ...kept, source: `chinese-days ${pkg.version} (npm): getLunarDate and getSolarTermDate, by libs/policy/src/lunar-source.ts`, from: years[0], to: years.at(-1), years: {} }, null, 2).replace(/"years": \{\}\n\}$/, '"years": {');
// One year a line, so that a change of the package shows in the diff as the years it moved.
const body = years.map((y) => `    "${y}": ${JSON.stringify(lunarRow(y))}`).join(',\n');
writeFileSync(file, `${head}\n${body}\n  }\n}\n`);
process.stdout.write(`${path.relative(root, file)}: ${years.length} years from chinese-days ${pkg.version}\n`);
