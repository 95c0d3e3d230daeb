import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Published content that must show a correction or an answer at once: the browser may keep it
 * but asks every time (`no-cache`), and gets 304 without a body when nothing changed (a strong
 * ETag over the response body). The body is serialized once, through the route's response
 * schema (so nothing outside the schema is sent), and that same text is hashed and sent.
 */
export function revalidated<T, R extends FastifyReply>(request: FastifyRequest, reply: R, data: T, versioned?: VersionedBodies): R {
  const hash = (text: string) => `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  let body: string | undefined;
  let etag: string;
  if (versioned) {
    // The version names everything the body is made of: same version, same bytes.
    etag = hash(`${request.routeOptions.url}\n${versioned.version}`);
    body = versioned.cache.get(etag);
  } else {
    body = reply.serialize(data) as string;
    etag = hash(body);
  }
  reply.header('cache-control', 'public, no-cache').header('etag', etag);
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send() as R;
  }
  if (body === undefined) body = versioned!.cache.set(etag, reply.serialize(data) as string);
  return reply.type('application/json; charset=utf-8').send(body) as R;
}

/**
 * For a response that is a pure function of a short version text read from the database on
 * this request (ids, version numbers, statuses, timestamps — what would change if anything in
 * the body changed): the ETag is the hash of that text and the serialized body is kept by it,
 * so an unchanged list is neither serialized nor hashed again.
 */
export interface VersionedBodies {
  version: string;
  cache: ImmutableCache<string>;
}

/**
 * A bounded in-process cache for values derived from immutable records only — a published
 * version of a power item never changes, so what is built from (item, version) can be kept.
 * The key must name the immutable version (read from the database on every request), never a
 * mutable row: then a new version is a new key, and every instance sees it at once without
 * any invalidation. Fill it only from committed reads. Least recently used entries go first.
 */
export class ImmutableCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly maxEntries: number) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * One set of caches per database handle, made on first use: each app instance (its own pool)
 * keeps its own, as separate processes would, and reads inside a transaction fill a set that
 * is dropped with the transaction, so nothing uncommitted outlives it.
 */
export function cachesPerHandle<T>(make: () => T): (db: object) => T {
  const sets = new WeakMap<object, T>();
  return (db) => {
    let set = sets.get(db);
    if (!set) sets.set(db, (set = make()));
    return set;
  };
}
