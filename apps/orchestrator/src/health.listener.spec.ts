import type { State } from '@temporalio/worker';
import type { Server } from 'node:http';
import { closeListener, listenForProbes, portOf } from './health.listener';

describe(listenForProbes.name, () => {
  const state = { worker: 'RUNNING' as State, natsClosed: false, consuming: true };
  let sut: Server;
  const get = async (path: string, method = 'GET') => {
    const res = await fetch(`http://127.0.0.1:${portOf(sut)}${path}`, { method });
    return { status: res.status, type: res.headers.get('content-type'), body: method === 'HEAD' ? await res.text() : await res.json() };
  };

  beforeEach(async () => {
    Object.assign(state, { worker: 'RUNNING', natsClosed: false, consuming: true });
    sut = await listenForProbes(0, '127.0.0.1', { workerState: () => state.worker, natsClosed: () => state.natsClosed, consuming: () => state.consuming });
  });
  afterEach(() => closeListener(sut));

  it('answers 200 on /api/health and /api/ready while the worker runs and the starter consumes', async () => {
    expect(await get('/api/health')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok' } });
    expect(await get('/api/ready')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ready' } });
    expect(await get('/api/ready?probe=kubelet')).toMatchObject({ status: 200 });
    expect(await get('/api/ready', 'HEAD')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: '' });
  });

  it.each<State>(['INITIALIZED', 'STOPPING', 'DRAINING', 'DRAINED', 'STOPPED', 'FAILED'])('answers 503 on /api/ready while the worker is %s, and stays live', async (worker) => {
    state.worker = worker;
    expect(await get('/api/ready')).toEqual({
      status: 503,
      type: 'application/problem+json; charset=utf-8',
      body: {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: `not ready: the workflow worker is ${worker}`,
        message: { zh: `尚未就绪：the workflow worker is ${worker}`, en: `not ready: the workflow worker is ${worker}` },
        instance: '/api/ready',
      },
    });
    expect(await get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    state.worker = 'RUNNING';
    expect(await get('/api/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('answers 503 on /api/ready when the NATS connection is closed or the starter does not consume, naming each', async () => {
    state.natsClosed = true;
    expect(await get('/api/ready')).toMatchObject({ status: 503, body: { detail: 'not ready: the NATS connection is closed' } });
    state.consuming = false;
    expect(await get('/api/ready')).toMatchObject({ status: 503, body: { detail: 'not ready: the NATS connection is closed; the application starter is not consuming' } });
    state.natsClosed = false;
    expect(await get('/api/ready')).toMatchObject({ status: 503, body: { detail: 'not ready: the application starter is not consuming' } });
  });

  it('answers 404 for any other path or method', async () => {
    for (const [path, method] of [['/', 'GET'], ['/api/healthz', 'GET'], ['/api/ready/', 'GET'], ['/metrics', 'GET'], ['/api/ready', 'POST']] as const) {
      expect([path, method, await get(path, method)]).toEqual([path, method, { status: 404, type: 'application/problem+json; charset=utf-8', body: expect.objectContaining({ status: 404, title: 'Not Found', instance: path }) }]);
    }
  });

  it('stops answering once closed, and refuses a port that is taken', async () => {
    const port = portOf(sut);
    await expect(listenForProbes(port, '127.0.0.1', { workerState: () => 'RUNNING', natsClosed: () => false, consuming: () => true })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await closeListener(sut);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    sut = await listenForProbes(0, '127.0.0.1', { workerState: () => 'RUNNING', natsClosed: () => false, consuming: () => true });
  });
});
