import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A load with its three designed states: loading, error (with retry), data. Only the latest request's answer is
 * shown: an earlier one that arrives late (the user typed on) is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    run().then(
      (data) => id === latest.current && setState({ data, loading: false }),
      (error: unknown) => id === latest.current && setState({ error, loading: false }),
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * Loads again every two seconds while `working` holds: for screens whose workflow moves on by itself (checks,
 * closing a past deadline, awarding), so they never show a stage the workflow has left.
 */
export function useRefreshWhile(working: boolean, loading: boolean, reload: () => void, data: unknown): void {
  useEffect(() => {
    if (!working || loading) return;
    const timer = setTimeout(reload, 2000);
    return () => clearTimeout(timer);
  }, [working, loading, reload, data]);
}
