/** Injection tokens: esbuild/tsx emit no decorator metadata, so every constructor parameter names its token. */
export const DATABASE = Symbol('DATABASE');
export const SQL = Symbol('SQL');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const CONFIG = Symbol('CONFIG');
