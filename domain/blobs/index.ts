export type { BlobReference, BlobStore } from './blobStore.js';
export { BLOB_PROPERTY_SUFFIX, isBlobReference, referencedBlobs } from './blobReferences.js';
