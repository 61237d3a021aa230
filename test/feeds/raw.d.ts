/** Vite's `?raw` imports (fixtures read as text in the workers project). */
declare module "*?raw" {
  const content: string;
  export default content;
}
