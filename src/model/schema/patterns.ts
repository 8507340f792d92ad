/**
 * JSON Schema patterns are ECMAScript regular expressions, ideally read with the `u` flag; many
 * real ones (`\-` outside a class) are only valid without it. Undefined: not a valid pattern.
 */
export function patternFlags(pattern: string): 'u' | '' | undefined {
  for (const flags of ['u', ''] as const) {
    try {
      new RegExp(pattern, flags);
      return flags;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
