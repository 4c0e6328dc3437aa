// A preview that follows its inputs: the call runs a moment after the last change, and an answer that arrives
// after a newer change is dropped.
import { useEffect, useState } from "react";
import { errorMessage } from "./ipc";

/** `call` runs again whenever `input` or `also` changes (compared by identity). */
export function useLivePreview<T>(call: () => Promise<T>, input: unknown, also: unknown = null, delay = 150) {
  const [value, setValue] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `input` and `also` stand for everything `call` reads.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call()
        .then((v) => {
          if (!current) return;
          setValue(v);
          setProblem(null);
        })
        .catch((e) => {
          if (!current) return;
          setValue(null);
          setProblem(errorMessage(e));
        });
    }, delay);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [input, also]);
  return { value, problem, setProblem };
}
