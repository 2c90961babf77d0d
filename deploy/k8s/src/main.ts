/**
 * `npm run k8s:synth [-- --settings <file.json>] [--out <dir>]`: writes the system's Kubernetes manifests (default
 * dist/k8s, never committed), one file per chart in the order they are applied. The settings file overrides any part
 * of DEFAULT_SETTINGS (settings.ts); nothing is read from the environment or the network.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './charts';
import { DEFAULT_SETTINGS, withOverrides } from './settings';

function main(args: string[]): void {
  const { values } = parseArgs({ args, options: { settings: { type: 'string' }, out: { type: 'string' } }, strict: true });
  const settings = values.settings ? withOverrides(DEFAULT_SETTINGS, JSON.parse(readFileSync(values.settings, 'utf8')) as unknown) : DEFAULT_SETTINGS;
  const outdir = resolve(values.out ?? 'dist/k8s');
  rmSync(outdir, { recursive: true, force: true });
  buildApp(settings, { outdir }).synth();
  for (const name of readdirSync(outdir).sort()) process.stdout.write(`${outdir}/${name}\n`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`k8s synth failed / 清单生成失败: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
