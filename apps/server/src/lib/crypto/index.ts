export * from './hash.js';
export * from './canonical-json.js';
export * from './merkle.js';
export * from './signer.js';
