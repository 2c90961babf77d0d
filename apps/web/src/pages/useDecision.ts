import { useContext, useRef, useState } from 'react';
import { ApiError } from '../api';
import { LangContext } from '../i18n';

/** A key the services accept as `Idempotency-Key` ([A-Za-z0-9._:-]{8,128}), made where crypto.randomUUID may not exist. */
function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A decision sent from a form (a site visit, a replacement, a closure): busy while it is asked, the refusal in the
 * user's language, and one `Idempotency-Key` for the decision until it is answered. After a 503 (the workflow did not
 * answer in time: nothing was decided) or a lost connection, pressing the button again sends the same key, so the
 * retry is the same decision and never a second one; an answer or a refusal starts a new key.
 */
export function useDecision(): {
  busy: boolean;
  refused: string | null;
  decide: (send: (headers: { 'idempotency-key': string }) => Promise<unknown>) => Promise<boolean>;
  /** Another decision begins (another row, another form): no refusal shown, a new key. */
  reset: () => void;
} {
  const { lang } = useContext(LangContext);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const decide = async (send: (headers: { 'idempotency-key': string }) => Promise<unknown>): Promise<boolean> => {
    key.current ??= newKey();
    setBusy(true);
    setRefused(null);
    try {
      await send({ 'idempotency-key': key.current });
      key.current = null;
      return true;
    } catch (err) {
      const unanswered = !(err instanceof ApiError) || err.problem.status === 503;
      if (!unanswered) key.current = null;
      setRefused(err instanceof ApiError ? err.text(lang) : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const reset = (): void => {
    key.current = null;
    setRefused(null);
  };
  return { busy, refused, decide, reset };
}
