import { execFileSync } from 'node:child_process';
// eslint-disable-next-line @nx/enforce-module-boundaries -- jest loads globalSetup without moduleNameMapper
import { infraEnv } from '../libs/testing/src/paths';

/**
 * Terminates what an earlier run left running in the test namespaces (its databases are gone): both, or those
 * `SME_TEST_NAMESPACES` names (a run of the contract spec alone, in `sme-contract`, beside the others; with its logs
 * apart, SME_TEST_LOG_SUFFIX=contract).
 */
export default async function globalSetup(): Promise<void> {
  const env = infraEnv();
  if (!env['TEMPORAL_CLI'] || !env['TEMPORAL_ADDRESS']) throw new Error('run `npm run infra:up` first (no .local/env)');
  for (const namespace of (process.env['SME_TEST_NAMESPACES'] ?? 'sme-test,sme-contract').split(',')) {
    try {
      execFileSync(
        env['TEMPORAL_CLI'],
        ['workflow', 'terminate', '--address', env['TEMPORAL_ADDRESS'], '--namespace', namespace,
          '--query', 'ExecutionStatus="Running"', '--reason', 'new integration run', '--yes'],
        { stdio: 'pipe' },
      );
    } catch {
      // nothing was running
    }
  }
}
