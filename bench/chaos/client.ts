/** What the users saw: every answer counted, and each 5xx other than 503 kept with its request. */
export class Tally {
  requests = 0;
  unavailable = 0;
  unreachable = 0;
  readonly faults: string[] = [];
  readonly latencies = new Map<string, number[]>();

  record(label: string, ms: number): void {
    const list = this.latencies.get(label) ?? [];
    list.push(ms);
    this.latencies.set(label, list);
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

type Body = unknown | FormData | undefined;

/**
 * A user's client behind the two gateways, as a browser with a retry policy behaves: a refused connection or a 503
 * is tried again (on the other gateway, after Retry-After), with the same Idempotency-Key when it carries one; any
 * other answer is returned. A 5xx other than 503 is a fault of the system: counted, and tried again so the run goes on.
 */
export class ChaosClient {
  private next = 0;
  constructor(
    private readonly gateways: string[],
    readonly tally: Tally,
    private readonly giveUpMs = 240_000,
  ) {}

  async call<T = unknown>(method: string, service: 'applications' | 'scoring' | 'notifications', path: string, token: string | undefined, body?: Body, options: { key?: string; label?: string } = {}): Promise<Answer<T>> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const gateway = this.gateways[this.next++ % this.gateways.length]!;
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (options.key) headers['idempotency-key'] = options.key;
      if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
      const sent = Date.now();
      this.tally.requests++;
      let res: Response;
      try {
        res = await fetch(`${gateway}/svc/${service}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
      } catch {
        this.tally.unreachable++;
        await this.pause(started, 300, `${method} ${path}: no gateway answers`);
        continue;
      }
      const text = await res.text().catch(() => '');
      if (res.status === 503) {
        this.tally.unavailable++;
        const after = Number(res.headers.get('retry-after') ?? '1');
        await this.pause(started, Math.min(Math.max(after, 0.2), 3) * 1000, `${method} ${path}: still 503`);
        continue;
      }
      if (res.status >= 500) {
        this.tally.faults.push(`${res.status} ${method} ${service}${path}: ${text.slice(0, 300)}`);
        await this.pause(started, 500, `${method} ${path}: ${res.status}`);
        continue;
      }
      if (options.label && res.status < 300) this.tally.record(options.label, Date.now() - sent);
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed as T };
    }
  }

  private async pause(started: number, ms: number, what: string): Promise<void> {
    if (Date.now() - started > this.giveUpMs) throw new Error(`gave up after ${this.giveUpMs / 1000}s: ${what}`);
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** The p-th percentile (0..100) of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
