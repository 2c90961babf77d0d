import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { freePorts, ManagedProcess, stopLeftoverProcesses, waitFor } from './processes';

const node = (name: string, script: string): ManagedProcess => new ManagedProcess(name, process.execPath, ['-e', script], {});

describe('freePorts', () => {
  it('hands out distinct ports below the range outgoing connections take theirs from, each free to listen on', async () => {
    const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports = await freePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(ephemeralLow);
      const srv = net.createServer();
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise((r) => srv.close(r));
    }
  });
});

describe('ManagedProcess', () => {
  it('stops waiting for output at once when the process exits first, with its exit code and last words', async () => {
    const p = node('exits-early', "console.log('cannot listen'); process.exit(3)").start();
    await expect(p.waitForOutput(/listening/, 60_000)).rejects.toThrow(/gave up waiting for exits-early to print \/listening\/: exits-early exited \(code 3\): cannot listen/);
    expect(await p.exitCode()).toBe(3);
  });

  it('waits out a probe that keeps failing until its time is up, naming the last failure', async () => {
    await expect(waitFor('never', async () => {
      throw new Error('not yet');
    }, 300, 50)).rejects.toThrow(/timed out after 300 ms waiting for never: Error: not yet/);
  });

  it('kills what a test file left running and names it; what was stopped or has exited is not named', async () => {
    const stopped = node('stopped', 'setInterval(() => undefined, 1000)').start();
    const exited = node('exited', 'process.exit(0)').start();
    const left = node('left-running', "setInterval(() => undefined, 1000); console.log('up')").start();
    await left.waitForOutput(/up/);
    await stopped.stop();
    await exited.exitCode();
    expect(await stopLeftoverProcesses()).toEqual(['left-running']);
    expect(left.running).toBe(false);
    expect(await stopLeftoverProcesses()).toEqual([]);
  });
});
