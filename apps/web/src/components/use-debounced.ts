import { useEffect, useRef, useState } from 'react';

/** A function that runs `fn` once, `ms` after the last call (bursts of live events → one reload). */
export function useDebouncedCallback(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    fnRef.current = fn;
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const call = useRef(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => fnRef.current(), ms);
  });
  return call.current;
}

/** `value`, once it has stayed the same for `ms` (typing → one request). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
