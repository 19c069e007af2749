/** The names closest to a mistyped one (edit distance, then shared prefix), for "did you mean". Pure. */

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `count` names, nearest first; a name containing the typed text counts as near. */
export function closestNames(typed: string, names: readonly string[], count = 3): string[] {
  const lower = typed.toLowerCase();
  const score = (name: string): number =>
    name.toLowerCase().includes(lower) ? 0 : distance(lower, name.toLowerCase());
  return [...new Set(names)]
    .map((name) => ({ name, score: score(name) }))
    .filter(({ name, score }) => score <= Math.max(2, Math.ceil(name.length / 2)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map(({ name }) => name);
}
