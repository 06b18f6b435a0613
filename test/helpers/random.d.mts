/** Types of seededRandom.mjs, which the TypeScript tests import too (test/helpers/seededRandom.ts). */
export declare function seededRandom(seed: number): () => number
export declare function normalDraw(random: () => number): number
export declare function shuffled<T>(items: readonly T[], random: () => number): T[]
