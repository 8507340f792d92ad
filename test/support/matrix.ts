/**
 * The setups generated code must compile and run in, each starting from the `tsc --init` of its
 * TypeScript version (README.md, "What your tsconfig needs", says the same in words). Versions are
 * exact, so a run is reproducible; the package test installs each from the npm registry once and
 * keeps it in .cache/ts-matrix.
 */
export interface MatrixEntry {
  name: string;
  typescript: string;
  /** The user's package.json "type". */
  packageType: 'module' | 'commonjs';
  /** Compiler options on top of that version's `tsc --init`. */
  flags: string[];
  /** Also start the compiled receiver and `send` it a fixture. */
  receiver?: boolean;
}

export const MATRIX: MatrixEntry[] = [
  { name: 'tsc-init-5.9', typescript: '5.9.3', packageType: 'module', flags: [], receiver: true },
  // isolatedDeclarations only adds checks, so passing with it also proves the plain `tsc --init`.
  { name: 'tsc-init-6-isolated-declarations', typescript: '6.0.3', packageType: 'module', flags: ['--isolatedDeclarations'] },
  // TypeScript 7 is the native compiler; `typescript@7` on the registry.
  { name: 'tsc-init-7-isolated-declarations', typescript: '7.0.2', packageType: 'module', flags: ['--isolatedDeclarations'] },
  { name: 'bundler', typescript: '5.9.3', packageType: 'module', flags: ['--module', 'preserve', '--moduleResolution', 'bundler'] },
  // CommonJS with verbatimModuleSyntax cannot have `import` statements at all (not ours, not the
  // user's), so CommonJS projects turn it off; esModuleInterop stays off, as module commonjs leaves it.
  { name: 'commonjs', typescript: '5.9.3', packageType: 'commonjs', flags: ['--module', 'commonjs', '--verbatimModuleSyntax', 'false'], receiver: true },
  { name: 'node16-commonjs-package', typescript: '5.9.3', packageType: 'commonjs', flags: ['--module', 'node16', '--verbatimModuleSyntax', 'false'] },
  // The oldest TypeScript we support (zod v4 needs 5.5): its own `tsc --init` (CommonJS, ES2016)...
  { name: 'tsc-init-5.5', typescript: '5.5.4', packageType: 'commonjs', flags: [] },
  // ...and an ES module project with the strictest options 5.5 knows.
  {
    name: 'typescript-5.5-strictest',
    typescript: '5.5.4',
    packageType: 'module',
    flags: [
      '--module',
      'nodenext',
      '--target',
      'es2022',
      '--exactOptionalPropertyTypes',
      '--noUncheckedIndexedAccess',
      '--verbatimModuleSyntax',
      '--isolatedDeclarations',
      '--declaration',
    ],
  },
];
