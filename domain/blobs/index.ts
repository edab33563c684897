export type { BlobReference, BlobStore } from './blobStore.js';
