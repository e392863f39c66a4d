/** The variable that carries the deployed name of a function another one invokes (catalogue `invokes`). */
export const functionNameEnv = (name: string): string => `FUNCTION_NAME_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
