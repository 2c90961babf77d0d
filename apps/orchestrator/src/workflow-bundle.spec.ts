import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowCode } from './workflow-bundle';

describe('the workflow code the orchestrator runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sme-bundle-'));
  const files = { bundle: join(dir, 'bundle.js'), compiled: join(dir, 'index.js') };
  const at = (file: string, seconds: number) => {
    writeFileSync(file, '');
    utimesSync(file, seconds, seconds);
  };

  it("runs the build's bundle when it is newer than the compiled workflows, and says nothing", () => {
    at(files.compiled, 1000);
    at(files.bundle, 1001);
    const warnings: string[] = [];
    expect(workflowCode(null, (m) => warnings.push(m), files)).toEqual({ workflowBundle: { codePath: files.bundle } });
    expect(warnings).toEqual([]);
  });

  it('bundles at start, with the interceptors, and says why, when the workflows were compiled after the bundle', () => {
    at(files.compiled, 2000);
    at(files.bundle, 1999);
    const warnings: string[] = [];
    const code = workflowCode(null, (m) => warnings.push(m), files);
    expect(code).toEqual({ workflowsPath: files.compiled, interceptors: { workflowModules: [expect.stringMatching(/decision-deadline\.js$/)] } });
    expect(warnings).toEqual([expect.stringContaining('npm run build')]);
  });

  it('runs a configured WORKFLOWS_PATH over any bundle', () => {
    at(files.compiled, 1000);
    at(files.bundle, 1001);
    expect(workflowCode('/elsewhere/index.js', () => undefined, files)).toMatchObject({ workflowsPath: '/elsewhere/index.js' });
  });
});
