export { createOpenAiCompatibleEngine } from './openAiCompatibleEngine.js';
export type { OpenAiCompatibleEngineOptions } from './openAiCompatibleEngine.js';
export { checkSecretFile, readSecretFile } from './secretFile.js';
export type { SecretFileProblem } from './secretFile.js';
