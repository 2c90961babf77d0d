// Copies the State Council holiday notices bundled in the installed `chinese-days` package into a calendar
// snapshot of libs/policy: node libs/policy/scripts/snapshot-chinese-days.mjs [firstYear=2004]
// It writes libs/policy/src/calendar-data/chinese-days@<version>.json and refuses to overwrite an existing
// snapshot (its bytes may already decide running workflows' deadlines): a new snapshot is a new file and a new
// id, registered in libs/policy/src/calendar-snapshots.ts and named by a policy version.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const firstYear = Number(process.argv[2] ?? 2004);
const pkg = require('chinese-days/package.json');
const data = require('chinese-days/dist/chinese-days.json');

const pick = (entries) => Object.fromEntries(Object.entries(entries).filter(([date]) => Number(date.slice(0, 4)) >= firstYear).sort(([a], [b]) => a.localeCompare(b)));
const holidays = pick(data.holidays);
const workdays = pick(data.workdays);
const lastYear = Math.max(...[...Object.keys(holidays), ...Object.keys(workdays)].map((d) => Number(d.slice(0, 4))));
const id = `chinese-days@${pkg.version}`;
const snapshot = {
  id,
  source: `chinese-days ${pkg.version} (npm), dist/chinese-days.json: the State Council's holiday notices ${firstYear}-${lastYear}`,
  years: Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i),
  holidays,
  workdays,
};

const out = path.join(path.dirname(new URL(import.meta.url).pathname), '../src/calendar-data', `${id}.json`);
if (existsSync(out) && readFileSync(out, 'utf8') !== `${JSON.stringify(snapshot, null, 2)}\n`) {
  console.error(`${out} exists with other bytes: a changed snapshot needs a new id`);
  process.exit(1);
}
writeFileSync(out, `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(`wrote ${out}: ${snapshot.years.join(', ')}; ${Object.keys(holidays).length} rest days, ${Object.keys(workdays).length} make-up days`);
