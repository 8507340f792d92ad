/** One file of generated output, path relative to the output folder, always with `/`. */
export interface OutputFile {
  path: string;
  contents: string;
  /** Already in the form prettier gives it with the output's options: the formatter passes it through. */
  formatted?: true;
  /**
   * With `formatted`: top-level statements of `contents`, verbatim, that are not in that form (a
   * printer lays out what it can be sure of and leaves the rest): the formatter formats each alone.
   */
  unsettled?: string[];
}

/** Sorted by path, so everything downstream (writing, manifest, check) sees one order. */
export function sortFiles(files: OutputFile[]): OutputFile[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
