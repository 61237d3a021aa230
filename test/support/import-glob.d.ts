/** Vite's `import.meta.glob` (tests list source files with it). */
interface ImportMeta {
  glob: import("vite/types/importGlob.d.ts").ImportGlobFunction;
}
