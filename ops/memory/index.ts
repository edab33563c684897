export { ModelTextEmbedder } from './modelTextEmbedder.js';
export { sha256ContentDigester } from './sha256ContentDigester.js';
