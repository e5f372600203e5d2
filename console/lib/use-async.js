// @ts-check
/** Loads data for a page, again whenever its inputs change, with its loading and error states. */
import { useEffect, useState } from 'preact/hooks';

/**
 * @template T
 * @param {() => Promise<T>} load
 * @param {unknown[]} inputs
 * @returns {{ value: T | undefined, error: string, loading: boolean, reload: () => void }}
 */
export function useAsync(load, inputs) {
  const [value, setValue] = useState(/** @type {T | undefined} */ (undefined));
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (v) => current && (setValue(() => v), setError(''), setLoading(false)),
      (e) => current && (setError(String(e?.message ?? e)), setLoading(false)),
    );
    return () => void (current = false);
  }, [...inputs, round]);
  return { value, error, loading, reload: () => setRound((r) => r + 1) };
}
