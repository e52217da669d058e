/**
 * A pure parser of short source texts, remembered by its input: feeds repeat the same dates, places, contract
 * wordings and pay units across thousands of jobs, and each is read once per job. Bounded (emptied when full), and
 * the results are frozen, since every caller now shares them.
 */
export function remembered<R>(parse: (text: string) => R, max = 1_000): (text: string) => R {
  const results = new Map<string, R>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      result = parse(text);
      if (typeof result === 'object' && result !== null) Object.freeze(result);
      if (results.size >= max) results.clear();
      results.set(text, result);
    }
    return result;
  };
}
